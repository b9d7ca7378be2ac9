"""Deployment files that cannot run here (no Docker daemon, no cluster): the Kubernetes
manifests and the Dockerfile are checked as files."""

from __future__ import annotations

import re
import shutil
import subprocess

import yaml

from tests.conftest import ROOT


def _manifests() -> dict[str, dict]:
    """deploy/k8s's resources as kustomize lists them, parsed, by kind."""
    k8s = ROOT / "deploy" / "k8s"
    resources = yaml.safe_load((k8s / "kustomization.yaml").read_text())["resources"]
    # Every manifest in the folder is applied (none forgotten in kustomization.yaml).
    assert sorted(resources) == sorted(
        p.name for p in k8s.glob("*.yaml") if p.name != "kustomization.yaml"
    )
    docs = [d for name in resources for d in yaml.safe_load_all((k8s / name).read_text())]
    by_kind = {d["kind"]: d for d in docs}
    assert len(by_kind) == len(docs) and sorted(by_kind) == ["Deployment", "Ingress", "Service"]
    return by_kind


def check_the_pod(deployment: dict) -> tuple[dict, dict]:
    """The pod's labels match the selector; one container on port 8501. Returns the
    container and the pod's labels."""
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    (app,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in app["ports"]}
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert ports == {"http": 8501} and '"--server.port", "8501"' in dockerfile
    return app, labels


def check_the_probes(app: dict) -> None:
    """Warmed by the script check before ready; probed on the container's port."""

    def probe(kind: str) -> dict:
        http = app[kind]["httpGet"]
        assert http["port"] in ("http", 8501), f"{kind} on port {http['port']}"
        return app[kind] | {"path": http["path"]}

    startup = probe("startupProbe")
    assert startup["path"] == "/_stcore/script-health-check"
    # The check runs the whole app (Streamlit gives up after 60 s): time for it to answer,
    # and minutes of tries before the pod is restarted.
    assert startup["timeoutSeconds"] >= 10
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 90
    assert probe("readinessProbe")["path"] == "/_stcore/health"
    assert probe("livenessProbe")["path"] == "/_stcore/health"


def check_the_env(app: dict) -> None:
    """The script check on, and one cookie secret from a Secret (never a value)."""
    env = {e["name"]: e for e in app["env"]}
    assert env["STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED"]["value"] == "true"
    secret = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "disputed-zone-map", "key": "cookie-secret"}
    assert "value" not in env["STREAMLIT_SERVER_COOKIE_SECRET"]


def check_the_service(service: dict, labels: dict) -> dict:
    """The Service selects the pods, on their port, without affinity. Returns its port."""
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    assert port["targetPort"] in ("http", 8501)
    assert service["spec"].get("sessionAffinity", "None") == "None"  # the Ingress pins readers
    return port


def check_the_ingress(ingress: dict, service: dict, port: dict) -> None:
    """Cookie affinity, websocket-long timeouts, and every path to the Service's port."""
    notes = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-change-on-failure"] == "true"
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        if prefix + timeout in notes:  # a websocket lives as long as its reader reads
            assert int(notes[prefix + timeout]) >= 3600, timeout
    backends = [
        p["backend"]["service"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]
    ]
    assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
    assert all(b["port"] in ({"name": port["name"]}, {"number": port["port"]}) for b in backends)


def check_kustomize_renders(m: dict) -> None:
    """Where kubectl is installed, `kubectl kustomize deploy/k8s` renders the same objects."""
    kubectl = shutil.which("kubectl")
    if kubectl is not None:  # not on every machine: the checks above stand without it
        out = subprocess.run(
            [kubectl, "kustomize", str(ROOT / "deploy" / "k8s")],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert {d["kind"]: d for d in yaml.safe_load_all(out.stdout)} == m


def test_kubernetes_manifests() -> None:
    """The manifests parse (PyYAML) and say what matters: pods warmed by the script check
    before they are ready, probed on the container's port, one cookie secret from a Secret, a
    Service and an Ingress with cookie affinity and websocket-long timeouts. Where kubectl is
    installed, `kubectl kustomize deploy/k8s` (offline) must render the same objects."""
    m = _manifests()
    deployment, service, ingress = m["Deployment"], m["Service"], m["Ingress"]
    app, labels = check_the_pod(deployment)
    check_the_probes(app)
    check_the_env(app)
    port = check_the_service(service, labels)
    check_the_ingress(ingress, service, port)
    check_kustomize_renders(m)


def test_dockerfile_copies_only_what_exists() -> None:
    """Every COPY source of deploy/Dockerfile (from the build context) is in the repository."""
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.M):
        *sources, _dest = line.split()
        for source in sources:
            assert (ROOT / source).exists(), f"deploy/Dockerfile copies missing {source}"
