"""What the markdown escaping tests share (tests/test_safety.py, tests/test_highlights.py):
a hostile string, and a check that no markdown punctuation is left unescaped."""

import string

HOSTILE = (
    "<script>alert(1)</script> ${x} `code` [x](javascript:alert(1)) \\ <img src=x onerror=alert(1)>"
)


def unescaped_specials(md: str) -> list[str]:
    """Markdown punctuation not preceded by a backslash escape."""
    bad = []
    i = 0
    while i < len(md):
        if md[i] == "\\":
            i += 2
            continue
        if md[i] in string.punctuation:
            bad.append(md[i])
        i += 1
    return bad
