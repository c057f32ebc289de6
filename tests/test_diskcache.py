"""presswatch.core.diskcache: where the caches live, never a relative folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.core import diskcache
from presswatch.core.diskcache import CACHE_ENV, cache_folder


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    return monkeypatch


def test_diskcache_folder_from_the_environment(env, tmp_path: Path) -> None:
    env.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder("regex") == tmp_path / "home" / ".cache" / "presswatch" / "regex"
    env.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder("regex") == tmp_path / "xdg" / "presswatch" / "regex"
    env.setenv(CACHE_ENV, str(tmp_path / "own"))
    assert cache_folder("regex") == tmp_path / "own" / "regex"
    env.setenv(CACHE_ENV, "")
    assert cache_folder("regex") is None


@pytest.mark.parametrize("home", ["", "relative/home", "."])
def test_diskcache_no_absolute_home_means_no_cache(env, home: str) -> None:
    env.setenv("HOME", home)
    assert cache_folder("regex") is None
    env.setenv("XDG_CACHE_HOME", "relative/xdg")  # ignored, as the XDG specification says
    assert cache_folder("regex") is None


def test_diskcache_unknown_home_means_no_cache(env) -> None:
    env.delenv("HOME")

    def unknown() -> Path:
        raise RuntimeError("Could not determine home directory.")

    env.setattr(diskcache.Path, "home", staticmethod(unknown))
    assert cache_folder("regex") is None
