"""Interactions on one warm page of a variant, each timed in the page by the harness
(``bench/js/harness.js``): hovers (until the tooltip shows), clicks on places (until the side
panel shows their passages) and layer toggles (until the actor's features are all in, or all
gone from, the map), with the reruns, re-mounts and websocket bytes each one brought."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

from bench.harness import away_point, install, map_frame, new_page, page_point, settle, wait_painted
from bench.meters import ByteMeter, FrameLog
from bench.servers import Sites, page_url, served
from bench.variants import (
    APP,
    CLICK_PLACES,
    HOVER_PLACE,
    PANELS,
    PUBLISHED,
    REPORT_WAIT_MS,
    Facts,
    Variant,
)
from browsing.mappage import set_layer

# Every actor's layer has at least one feature in the map.
LAYERS_DRAWN_JS = (
    "(ids) => !!window.map && ids.every(a => { let n = 0; window.map.eachLayer(l => {"
    " if (l.feature && l.feature.properties.actor === a) n++; }); return n > 0; })"
)


def sample(
    page: Page,
    variant: Variant,
    frames: FrameLog | None,
    arm: str,
    args: list[Any],
    action: Callable[[], None],
    meter: ByteMeter | None = None,
) -> dict[str, Any]:
    """Arm the harness, act, read the timing, let the app settle, count reruns, mounts and
    (with a meter) the websocket bytes the action brought."""
    sent = frames.mark() if frames else 0
    ws_in = meter.ws_in if meter else 0
    mark = page.evaluate(f"(a) => window.__bench.{arm}(...a)", args)
    action()
    result = page.evaluate("() => window.__bench.pending")
    if variant.streamlit and not result.get("timeout"):
        result["split"] = page.evaluate("(r) => window.__bench.split(r)", result)
    if variant is APP and arm == "armClick":
        # Any message the click brings, and the rerun it would cause, counted with it.
        page.wait_for_timeout(REPORT_WAIT_MS)
    settle(page, variant)
    if meter is not None:
        result["ws_in_bytes"] = meter.ws_in - ws_in
    result.update(page.evaluate("(m) => window.__bench.check(m)", mark))
    if frames is not None:
        kinds = frames.since(sent)
        result["reruns"] = kinds.get("rerun_script", 0)
        result["frames_sent"] = kinds
    return result


def interactions(
    browser: Browser,
    variant: Variant,
    workdir: Path,
    sites: Sites,
    facts: Facts,
    toggle_pairs: int,
    reps: int,
) -> dict[str, Any]:
    """Hover, click (the variants with a side panel) and layer toggles on one warm page."""
    out: dict[str, Any] = {"hover": [], "click": [], "toggle": []}
    with served(variant, workdir, sites) as base:
        context, page = new_page(browser, variant)
        frames = FrameLog(page) if variant.streamlit else None
        meter = None
        if variant.streamlit:
            meter = ByteMeter()
            meter.attach(context, page)
        page.goto(page_url(variant, base, facts.actor_ids))
        drawn = warm_up(page, variant, facts)
        out["layers_drawn"] = drawn
        out["hover"] = hovers(page, variant, frames, facts, reps)
        if variant.key in PANELS:
            out["click"] = clicks(page, variant, frames, meter, facts, reps)
        out["toggle"] = toggles(page, variant, frames, facts, drawn, toggle_pairs)
        context.close()
    return out


def warm_up(page: Page, variant: Variant, facts: Facts) -> dict[str, int]:
    """Until the map is painted with every actor's layer and the app has settled, the harness
    installed; the features drawn per actor, and the provinces' (``prov-*``)."""
    wait_painted(page, variant)
    install(page, variant)
    map_frame(page, variant).wait_for_function(LAYERS_DRAWN_JS, arg=facts.actor_ids, timeout=60_000)
    settle(page, variant)
    return page.evaluate("(ids) => window.__bench.counts(ids)", facts.actor_ids)


def hovers(
    page: Page, variant: Variant, frames: FrameLog | None, facts: Facts, reps: int
) -> list[dict[str, Any]]:
    """REPS hovers on HOVER_PLACE, the mouse moved off the map (the tooltip closed) before
    each one and after the last."""

    def no_tooltip() -> None:
        map_frame(page, variant).wait_for_function(
            "() => !document.querySelector('.leaflet-tooltip')"
        )

    out = []
    hover_at = page_point(page, variant, HOVER_PLACE)
    away = away_point(page, variant)
    for _ in range(reps):
        page.mouse.move(*away)
        no_tooltip()
        out.append(
            sample(
                page,
                variant,
                frames,
                "armHover",
                [facts.place_names[HOVER_PLACE]],
                lambda: page.mouse.move(*hover_at),
            )
        )
    page.mouse.move(*away)
    no_tooltip()
    return out


def clicks(
    page: Page,
    variant: Variant,
    frames: FrameLog | None,
    meter: ByteMeter | None,
    facts: Facts,
    reps: int,
) -> list[dict[str, Any]]:
    """REPS clicks, on CLICK_PLACES in turn (each one changes the choice)."""
    out = []
    for i in range(reps):
        pid = CLICK_PLACES[i % len(CLICK_PLACES)]
        at = page_point(page, variant, pid)
        out.append(
            sample(
                page,
                variant,
                frames,
                "armClick",
                [facts.place_names[pid], facts.passages[pid], PANELS[variant.key]],
                lambda at=at: page.mouse.click(*at),
                meter,
            )
        )
    return out


def toggles(
    page: Page,
    variant: Variant,
    frames: FrameLog | None,
    facts: Facts,
    drawn: dict[str, int],
    pairs: int,
) -> list[dict[str, Any]]:
    """PAIRS of an off and an on toggle, cycling through the actors."""
    out = []
    provinces = drawn["prov-*"]
    for i in range(pairs):
        actor = facts.actor_ids[i % len(facts.actor_ids)]
        for on in (False, True):
            target = drawn[actor] if on else 0
            result = sample(
                page,
                variant,
                frames,
                "armToggle",
                [actor, target, provinces],
                lambda actor=actor, on=on: toggle(page, variant, facts, actor, on),
            )
            result.update(actor=actor, on=on)
            out.append(result)
    return out


def toggle(page: Page, variant: Variant, facts: Facts, actor: str, on: bool) -> None:
    """Switch one actor's layer: the map's own switch (the app and the published edition) or
    the naive app's checkbox (focus + Space), or the static page's LayerControl."""
    if variant is APP:
        set_layer(page, actor, on)
        return
    if variant is PUBLISHED:
        fold = page.locator(".dz-layer-fold")
        if fold.is_visible() and fold.get_attribute("aria-expanded") == "false":
            fold.click()
        switch = page.locator(f'.dz-layer-switch[data-actor="{actor}"]')
        if (switch.get_attribute("aria-checked") == "true") != on:
            switch.focus()
            page.keyboard.press("Space")
        return
    if variant.streamlit:
        box = page.get_by_role("checkbox", name=facts.actor_names[actor], exact=True)
        if box.is_checked() != on:
            box.focus()
            page.keyboard.press("Space")
        return
    page.hover(".leaflet-control-layers")
    box = page.locator(".leaflet-control-layers-overlays label", has_text=f"force-{actor}")
    checkbox = box.locator("input")
    if checkbox.is_checked() != on:
        checkbox.click()
