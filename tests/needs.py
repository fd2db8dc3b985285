"""What the suite needs from outside Python, made sure of before pytest starts.

`make test` runs `python -m tests.needs` first. It checks for

- a Chromium for the browser tests: `$CHROMIUM` if set, Debian's `/usr/bin/chromium`, or
  the browser Playwright downloads for itself (`python -m playwright install chromium`);
- what WeasyPrint renders the PDFs with: Pango, HarfBuzz's subsetter and fontconfig, and
  the DejaVu fonts;
- the Nu HTML checker every page is validated with: a Java runtime (11 or later; Debian's
  `default-jre-headless`) and `vnu.jar` from the npm registry's `vnu-jar`, at a pinned
  version, installed with npm into `.venv/vnu/` (outside git; `$VNU_JAR` names another);

installs what is missing where it can (Debian's packages as root, or through `sudo -n`;
Playwright's own browser where its download is reachable; vnu-jar with npm), says what it
did, and otherwise stops at once with the one command to run, instead of letting a
hundred tests fail. The browser fixture finds the browser through `browser_path()` here,
the HTML test the checker through `vnu_command()`, the same way.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_CHROMIUM = "/usr/bin/chromium"
#: the Nu HTML checker's release the suite validates with (npm's vnu-jar)
VNU_VERSION = "26.9.27"
VNU_HOME = Path(__file__).resolve().parent.parent / ".venv" / "vnu"
JAVA_PACKAGE = "default-jre-headless"
#: the libraries and fonts WeasyPrint needs, as Debian packages them
PDF_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core")
#: checked by importing WeasyPrint as the suite does (warnings are errors there: a missing
#: HarfBuzz subsetter is only a DeprecationWarning to WeasyPrint, but fails every PDF test)
_WEASYPRINT_CHECK = "import warnings; warnings.simplefilter('error'); import weasyprint"


def say(message: str) -> None:
    print(f"tests/needs: {message}", flush=True)


def playwright_chromium() -> str | None:
    """The browser `python -m playwright install chromium` puts in Playwright's cache."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).exists() else None


def browser_path() -> str | None:
    """The Chromium the browser tests drive, or None when there is none."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    if Path(DEBIAN_CHROMIUM).exists():
        return DEBIAN_CHROMIUM
    return playwright_chromium()


def weasyprint_works() -> bool:
    result = subprocess.run(
        [sys.executable, "-c", _WEASYPRINT_CHECK], capture_output=True, text=True, check=False
    )
    return result.returncode == 0


def dejavu_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    result = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False)
    return "DejaVu Sans" in result.stdout


def java_works() -> bool:
    """A Java runtime of version 11 or later on PATH (the Nu checker needs it)."""
    if not shutil.which("java"):
        return False
    result = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)', result.stderr)
    return result.returncode == 0 and found is not None and int(found.group(1)) >= 11


def vnu_jar() -> Path | None:
    """The Nu checker's jar: `$VNU_JAR`, or the pinned vnu-jar npm put in .venv/vnu."""
    chosen = os.environ.get("VNU_JAR")
    if chosen:
        return Path(chosen) if Path(chosen).is_file() else None
    package = VNU_HOME / "node_modules" / "vnu-jar"
    jar = package / "build" / "dist" / "vnu.jar"
    manifest = package / "package.json"
    if jar.is_file() and f'"version": "{VNU_VERSION}"' in manifest.read_text():
        return jar
    return None


def vnu_command() -> list[str] | None:
    """How to run the Nu checker here, or None when something it needs is missing."""
    jar = vnu_jar()
    return ["java", "-Xss4m", "-jar", str(jar)] if jar and java_works() else None


def npm_install_vnu() -> bool:
    if not shutil.which("npm"):
        return False
    say(f"installing vnu-jar {VNU_VERSION} (the Nu HTML checker) with npm into {VNU_HOME}")
    VNU_HOME.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "install", "--prefix", str(VNU_HOME), "--no-save", "--no-audit", "--no-fund"]
        + ["--loglevel=error", f"vnu-jar@{VNU_VERSION}"],
        timeout=600,
        check=False,
    )
    return done.returncode == 0 and vnu_jar() is not None


def missing_packages() -> list[str]:
    """Debian packages the suite lacks on this machine."""
    missing = [] if browser_path() else ["chromium"]
    if not (weasyprint_works() and dejavu_installed()):
        missing += PDF_PACKAGES
    if not java_works():
        missing.append(JAVA_PACKAGE)
    if vnu_jar() is None and not shutil.which("npm"):
        missing.append("npm")  # to fetch vnu-jar from the npm registry
    return missing


def apt_command() -> list[str] | None:
    """How this process can install Debian packages, or None when it cannot."""
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        sudo = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
        if sudo.returncode == 0:
            return ["sudo", "-n"]
    return None


def apt_install(prefix: list[str], packages: list[str]) -> bool:
    say(f"installing {' '.join(packages)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        done = subprocess.run([*prefix, *command], env=env, stdout=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            return False
    return True


def playwright_install() -> bool:
    say("no Debian chromium here: downloading Playwright's own (python -m playwright install)")
    result = subprocess.run(
        [sys.executable, "-m", "playwright", "install", "chromium"], timeout=600, check=False
    )
    return result.returncode == 0 and playwright_chromium() is not None


def stop_without_vnu() -> int:
    say(f"the test suite cannot run yet: it needs the Nu HTML checker (vnu-jar {VNU_VERSION}).")
    print(
        "Install Node's npm (Debian: sudo apt-get install -y npm), then `make test` again;",
        file=sys.stderr,
    )
    print(
        f"or fetch vnu.jar {VNU_VERSION} yourself and set VNU_JAR=/path/to/vnu.jar.",
        file=sys.stderr,
    )
    return 1


def stop(packages: list[str]) -> int:
    libraries = [name for name in packages if name not in ("chromium", JAVA_PACKAGE, "npm")]
    say("the test suite cannot run yet: it needs " + " ".join(packages) + ".")
    print("Run this once (as root, or with sudo), then `make test` again:", file=sys.stderr)
    print(f"    sudo apt-get install -y {' '.join(packages)}", file=sys.stderr)
    if "chromium" in packages:
        print(
            "Without apt-get (macOS, Fedora, …): "
            f"{sys.executable} -m playwright install chromium"
            + (
                ", and Pango, HarfBuzz and DejaVu fonts from your package manager"
                if libraries
                else ""
            ),
            file=sys.stderr,
        )
    elif libraries:
        print(
            "Without apt-get: install Pango, HarfBuzz (with its subset library) and the DejaVu "
            "fonts from your package manager (macOS: brew install pango).",
            file=sys.stderr,
        )
    if JAVA_PACKAGE in packages:
        print(
            "Without apt-get: any Java runtime of version 11 or later on PATH (macOS: "
            "brew install openjdk).",
            file=sys.stderr,
        )
    if "npm" in packages:
        print(
            f"Without apt-get: Node's npm (macOS: brew install node), or vnu.jar {VNU_VERSION} "
            "named by VNU_JAR.",
            file=sys.stderr,
        )
    return 1


def main() -> int:
    missing = missing_packages()
    if missing:
        prefix = apt_command()
        if prefix is not None:
            if not (apt_install(prefix, missing) and not missing_packages()):
                return stop(missing_packages())
            say("installed " + " ".join(missing))
        elif missing == ["chromium"] and playwright_install():
            pass
        else:
            return stop(missing)
    if vnu_jar() is None and not npm_install_vnu():
        return stop_without_vnu()
    say(
        f"browser {browser_path()}; WeasyPrint, Pango, HarfBuzz and DejaVu fonts present; "
        f"Nu HTML checker {vnu_jar()} on Java"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
