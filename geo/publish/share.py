"""How a newsroom shares and embeds the edition: the share card's meta tags (Open Graph and
Twitter: a description, the title, ``share.png`` and the page's address), and ``embed.html``,
the snippet a CMS pastes: a ``div`` that Pym.js (1.3.2, vendored from npm) turns into an
iframe of the edition in embed mode, which takes its content's height and follows it.

Open Graph wants absolute addresses: they come from ``--base-url`` (the address the folder
is published at). Without one, the edition still works; its card's addresses are relative
(most sites that read a card then show none) and the publish command says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from geo.publish.templating import TEMPLATES
from geo.safety import safe_http_url
from geo.story import Story

SHARE_IMAGE = "share.png"
EMBED_FILE = "embed.html"
PYM = "vendor/pym.js/pym.v1.min.js"
# Files for sharing and embedding, beside the page: a reader's page never loads them.
EXTRA_FILES = (SHARE_IMAGE, EMBED_FILE, PYM)
EMBED_QUERY = "index.html?embed"


class BaseUrlError(ValueError):
    """A base URL that is not an absolute http(s) address."""


@dataclass(frozen=True)
class ShareCard:
    """What the page's head says of itself to a site that shows a link to it."""

    description: str
    image: str  # absolute with a base URL, else relative
    image_alt: str
    url: str | None  # the page's own address, with a base URL only
    modified: str | None  # story.json's ``updated``, YYYY-MM-DD


def base_url(text: str | None) -> str | None:
    """The folder's public address, ending in "/", or None; BaseUrlError names a bad one."""
    if text is None:
        return None
    url = safe_http_url(text.strip())
    parts = urlsplit(url or "")
    if url is None or not parts.netloc or parts.query or parts.fragment:
        raise BaseUrlError(f"--base-url must be an absolute http(s) address, not {text[:200]!r}")
    return url if url.endswith("/") else url + "/"


def share_card(story: Story, base: str | None) -> ShareCard:
    config = story.config
    return ShareCard(
        description=config.standfirst or config.title,
        image=f"{base or ''}{SHARE_IMAGE}",
        image_alt=f"A map of {config.title}",
        url=f"{base}index.html" if base else None,
        modified=config.updated.isoformat() if config.updated else None,
    )


def embed_page(story: Story, base: str | None) -> str:
    """embed.html: the snippet to paste, shown working (open it beside the edition)."""
    return TEMPLATES.get_template(EMBED_FILE).render(
        title=story.config.title,
        src=f"{base or ''}{EMBED_QUERY}",
        pym=f"{base or ''}{PYM}",
        absolute=base is not None,
    )
