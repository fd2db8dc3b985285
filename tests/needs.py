"""What the suite needs from outside Python, made sure of before pytest starts.

`make test` runs `python -m tests.needs` first. It checks for

- a Chromium for the browser tests: `$CHROMIUM` if set, Debian's `/usr/bin/chromium`, or
  the browser Playwright downloads for itself (`python -m playwright install chromium`);
- what WeasyPrint renders the PDFs with: Pango, HarfBuzz's subsetter and fontconfig, and
  the DejaVu fonts;

installs what is missing where it can (Debian's packages as root, or through `sudo -n`;
Playwright's own browser where its download is reachable), says what it did, and
otherwise stops at once with the one command to run, instead of letting a hundred tests
fail. The browser fixture finds the browser through `browser_path()` here, the same way.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_CHROMIUM = "/usr/bin/chromium"
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


def missing_packages() -> list[str]:
    """Debian packages the suite lacks on this machine."""
    missing = [] if browser_path() else ["chromium"]
    if not (weasyprint_works() and dejavu_installed()):
        missing += PDF_PACKAGES
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


def stop(packages: list[str]) -> int:
    libraries = [name for name in packages if name != "chromium"]
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
    return 1


def main() -> int:
    missing = missing_packages()
    if not missing:
        say(f"browser {browser_path()}; WeasyPrint, Pango, HarfBuzz and DejaVu fonts present")
        return 0
    prefix = apt_command()
    if prefix is not None:
        if apt_install(prefix, missing) and not missing_packages():
            say(f"installed; browser {browser_path()}")
            return 0
        return stop(missing_packages())
    if missing == ["chromium"] and playwright_install():
        say(f"browser {browser_path()}")
        return 0
    return stop(missing)


if __name__ == "__main__":
    sys.exit(main())
