"""The results as text: ``load.md`` (the steps, their details, the fault test) and the
line printed after each step."""

from __future__ import annotations

from typing import Any

from bench.load.session import shares

NOISY_CORES = 0.2  # other processes' CPU in a window above which a step is marked noisy


def one_line(step: dict[str, Any]) -> str:
    if "failed" in step:
        return f"failed: {step['failed']}"
    a = step["actions"]
    return (
        f"opened {step['sessions_opened']}/{step['sessions']}, p50 {a['p50_ms']} p95 {a['p95_ms']} "
        f"max {a['max_ms']} ms (n={a['n']}), {step['actions_per_s']} actions/s, errors "
        f"{step['errors']}, server {step['server_cpu_cores']} cores, client "
        f"{step['client_cpu_cores']}, RSS {step['server_rss_end_mib']} MiB"
    )


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def markdown(result: dict[str, Any]) -> str:
    """load.md: how the run was made, a row per step and a row of its details, the
    saturation points, errors, and the fault test."""
    lines = _method(result)
    details = _details_head()
    for s in sorted(result["steps"], key=lambda s: (s["replicas"], s["sessions"])):
        if "failed" in s:
            lines.append(f"| {s['replicas']} | {s['sessions']} | failed: {s['failed'][:120]} |")
            continue
        lines.append(_step_row(s))
        details.append(_detail_row(s))
    lines += details
    lines += _after_tables(result)
    f = result.get("fault")
    if f:
        lines += ["", "## Fault test", ""] + fault_markdown(f, result["config"])
    return "\n".join(lines) + "\n"


def _method(result: dict[str, Any]) -> list[str]:
    """The title, the machine, what a session does and what is measured; the steps' head."""
    cfg, m = result["config"], result["machine"]
    think = cfg["think"]
    share = {k: f"{v * 100:.3g} %" for k, v in shares().items()}
    return [
        "# Load test (`python -m bench.load`)",
        "",
        f"{result['when']}, commit {m['commit']}, streamlit {m['streamlit']}, {m['cpus']} CPUs "
        f"(server, load client and probe share them), load average {m['loadavg_at_start'][0]} at "
        f"the start. Run took {result['elapsed_s']:.0f} s.",
        "",
        "Sessions are websocket clients of Streamlit's own protocol (`bench/stclient/`), no "
        f"browsers, sending what a reader's page sends: each opens the page, then chooses a place "
        f"({share['place']}), an event ({share['event']}), switches a layer ({share['layer']}) or "
        f"asks for the printable brief ({share['brief']}), with a pause of "
        f"{think[0]:g}-{think[1]:g} s between actions. The reader answers a choice in the page, "
        "with no request; what reaches the server is the brief: the reader's report of its place "
        "and layers if they changed since its last (a fragment's rerun; sent as the pointer "
        "reaches the brief's button), then the brief (made on the server, kept for the day, "
        "then fetched). A step opens its sessions over "
        f"its ramp, then measures for {cfg['duration']:g} s with all of them reading. Latency: "
        "a report's request (`rerun_script`) to its `script_finished`, a brief's request to its "
        "file fetched, for those sent in that window. CPU: cores in use over the window "
        "(1.00 = one core; the machine has "
        f"{m['cpus']}). RSS: the server processes' VmRSS summed (nginx included with 2 replicas).",
        "",
        "| replicas | sessions | p50 | p95 | max | reports p50 / p95 (n) | briefs p50 / p95 (n) "
        "| actions/s | errors | server CPU (cores · % of machine) | server RSS (per session) | "
        "probe click → passages p50 / p95 (n) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]


def _details_head() -> list[str]:
    return [
        "",
        "Details: sessions opened; page open (first run) p50 / p95; reports and briefs "
        "timed in the window; CPU in cores of the load client, the probe, the whole machine and "
        "what is left for other processes; load average in the window; server RSS after the "
        "warm-up; MiB received by the sessions; elements answered from the client's cache.",
        "",
        "| replicas | sessions | opened | per replica | open p50 / p95 | n | client | probe | "
        "machine | others | load avg | RSS after warm-up | MiB received | cache hits |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]


def _sessions_cell(s: dict[str, Any]) -> str:
    """The step's sessions, marked (added) for a refining step and ⚠ for a noisy one."""
    busy = (s["others_cpu_cores"] or 0) > NOISY_CORES
    return f"{s['sessions']}{' (added)' if s.get('refine') else ''}{' ⚠' if busy else ''}"


def _step_row(s: dict[str, Any]) -> str:
    a, p = s["actions"], s.get("probe")
    probe = "–"
    if p:
        pc = p["click_to_passages"]
        failed = f", {len(p['errors'])} failed" if p["errors"] else ""
        probe = f"{_ms(pc['p50_ms'])} / {_ms(pc['p95_ms'])} ms ({pc['n']}{failed})"
    return (
        f"| {s['replicas']} | {_sessions_cell(s)} | {_ms(a['p50_ms'])} ms | {_ms(a['p95_ms'])} ms "
        f"| {_ms(a['max_ms'])} ms | {_kind(s.get('reports'))} | {_kind(s.get('briefs'))} "
        f"| {s['actions_per_s']} | {s['errors']} | "
        f"{s['server_cpu_cores']} · {s['server_cpu_pct_machine']} % | "
        f"{s['server_rss_end_mib']:.0f} MiB ({s['server_rss_per_session_mib']}) | {probe} |"
    )


def _detail_row(s: dict[str, Any]) -> str:
    a, o = s["actions"], s["open"]
    load = s["loadavg_in_window"] or ["–", "–"]
    return (
        f"| {s['replicas']} | {_sessions_cell(s)} | {s['sessions_opened']} | "
        f"{' / '.join(str(v) for v in s.get('sessions_by_replica', {}).values()) or '–'} | "
        f"{_ms(o['p50_ms'])} / "
        f"{_ms(o['p95_ms'])} ms | {a['n']} | {s['client_cpu_cores']} | {s['probe_cpu_cores']} "
        f"| {s['machine_cpu_cores']} | {s['others_cpu_cores']} | {load[0]}–{load[1]} | "
        f"{s['server_rss_before_mib']:.0f} MiB | {s['bytes_received_mib']} | "
        f"{s['cache_hits']} |"
    )


def _after_tables(result: dict[str, Any]) -> list[str]:
    """What the tables' marks mean, the saturation points, error samples, skipped parts."""
    lines = [
        "",
        "Sessions marked (added) are a step halfway between the two that bracket the "
        "saturation point (`--refine`). ⚠: other processes used more than "
        f"{NOISY_CORES} of a core during the window (the machine is shared): a noisy step. "
        "Per replica: sessions on r0 / r1 by the proxy's "
        "`dz_replica` cookie (`hash $dz_key consistent` places a new reader).",
        "",
        "Saturation (sessions at which p95 passes 1 s):",
        "",
    ]
    for replicas, text in result["saturation"].items():
        lines.append(f"- {replicas} replica{'s' if replicas != '1' else ''}: {text}")
    for s in result["steps"]:
        if s.get("error_samples"):
            lines.append("")
            lines.append(f"Errors, {s['replicas']} replica(s), {s['sessions']} sessions (first 5):")
            lines += [f"- {e[:240]}" for e in s["error_samples"][:5]]
    for skipped in result.get("skipped", []):
        lines += ["", f"Skipped: {skipped}."]
    return lines


def _kind(figures: dict[str, Any] | None) -> str:
    """One kind of action's p50 / p95 (n), or a dash."""
    if not figures or not figures.get("n"):
        return "–"
    return f"{_ms(figures['p50_ms'])} / {_ms(figures['p95_ms'])} ms ({figures['n']})"


def fault_markdown(f: dict[str, Any], cfg: dict[str, Any]) -> list[str]:
    if "failed" in f:
        return [f"Failed to run: {f['failed']}"]
    ft, k = f["fault"], f["fault"]["killed"]
    back = ft["time_to_back_s"]
    lines = [
        f"2 replicas behind nginx, {f['sessions']} sessions ({f['sessions_opened']} opened) "
        f"reading as above; {cfg['kill_after']:g} s into the measuring window replica "
        f"{k['replica']} ({k['chosen_as']}; it held {k['sessions_on_victim']} of the load "
        f"sessions by the proxy's `dz_replica` cookie: {k['sessions_by_replica']}) was killed "
        f"with SIGKILL while {k['in_flight_on_victim']} of its sessions' actions were in flight "
        f"({k['in_flight']} in flight in all).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| sessions that lost their websocket | {ft['sessions_lost_connection']} "
        f"(not on the killed replica: {len(ft['lost_not_on_victim'])}) |",
        f"| failed actions | {ft['failed_actions']}: {ft['failed_in_flight_on_victim']} in flight "
        f"on the killed replica ({ft['failed_in_flight_sent_before_kill']} sent before the kill, "
        "the others after it and before the session saw its websocket close), "
        f"**{ft['failed_otherwise']} otherwise** |",
        f"| reconnected, view back (URL's place / event / layers, and the panel) | "
        f"{ft['reconnects_view_back']} of {ft['reconnects']} |",
        f"| reconnects where the app showed an exception | **{ft['reconnects_app_exception']}** |",
        "| websocket closed → reconnected, page reloaded, its first run finished | "
        f"p50 {_ms(ft['reconnect_ms']['p50_ms'])} ms, "
        f"max {_ms(ft['reconnect_ms']['max_ms'])} ms |",
        f"| kill → session back with its view | p50 {back['p50']} s, max {back['max']} s |",
        f"| kill → every affected session back | "
        f"{ft['all_back_after_s'] if ft['all_back_after_s'] is not None else 'not all came back'}"
        " s |",
        "| sessions that asked the server for something after the kill (most choices ask "
        f"nothing), and were answered | {ft['sessions_asking_after_kill']} of "
        f"{ft['sessions_opened']}; answered: {ft['sessions_reading_on_after_kill']} |",
        f"| whole window, kill included: p50 / p95 / max, actions/s | "
        f"{_ms(f['actions']['p50_ms'])} / {_ms(f['actions']['p95_ms'])} / "
        f"{_ms(f['actions']['max_ms'])} ms, {f['actions_per_s']} |",
    ]
    if f.get("probe"):
        lines.append(_fault_probe_row(f["probe"], ft))
    notes = _fault_notes(ft)
    return lines + ([""] + notes if notes else [])


def _fault_probe_row(probe: dict[str, Any], ft: dict[str, Any]) -> str:
    """The Chromium probe's clicks in the fault test: before and after the kill."""
    pc = probe["click_to_passages"]
    where = ", on the killed replica" if ft["probe_replica_killed"] else ""
    return (
        f"| probe (Chromium through nginx{where}) "
        f"| {pc['n']} clicks (p50 {_ms(pc['p50_ms'])} ms, max {_ms(pc['max_ms'])} ms), "
        f"{ft['probe_clicks_after_kill']} after the kill, "
        f"{ft['probe_errors_after_kill']} failed after it (made "
        f"{ft['probe_failed_clicks_s_after_kill'] or '–'} s after the kill); waited for the "
        f"map to be drawn again: {ft['probe_map_waits_after_kill_ms'] or 'no'} ms; failed "
        f"in the whole window: {len(probe['errors'])} |"
    )


def _fault_notes(ft: dict[str, Any]) -> list[str]:
    """Samples of what went wrong in the fault test, under its table."""
    notes = []
    for text in ft["reconnect_app_exceptions"][:3]:
        notes.append(f"- The app's exception on reconnecting: `{text[:200]}`")
    for text in ft.get("probe_exceptions_shown", [])[:3]:
        notes.append(f"- The probe's page showed: `{' '.join(text.split())[:200]}`")
    for text in ft["failed_otherwise_samples"][:5]:
        notes.append(f"- Failed otherwise: {text[:200]}")
    if ft.get("sessions_not_answered"):
        notes.append(f"- Sessions that asked after the kill and got no answer: "
                     f"{ft['sessions_not_answered']}")  # fmt: skip
    return notes
