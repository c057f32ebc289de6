"""presswatch.core.spacyimport: spaCy imported without its command line, which
stays whole for whoever imports it afterwards. Each check runs in a fresh
interpreter (this one may have imported spaCy already)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_spacyimport_spacy_imported_without_its_command_line() -> None:
    out = _run(
        """
        import sys
        from presswatch.core.spacyimport import import_spacy
        spacy = import_spacy()
        assert spacy is sys.modules["spacy"] and callable(spacy.load)
        loaded = sorted(name for name in sys.modules if name.startswith("spacy.cli"))
        print(loaded, [name for name in ("typer", "weasel", "requests") if name in sys.modules])
        """
    )
    assert out == "[] []"


def test_spacyimport_import_spacy_cli_afterwards_gives_the_real_command_line() -> None:
    out = _run(
        """
        import sys, types
        from presswatch.core.spacyimport import import_spacy, _DeferredInfo
        import_spacy()
        import spacy.cli
        import spacy.cli.info
        from spacy.cli.info import info_spacy
        module = sys.modules["spacy.cli.info"]
        assert type(module) is types.ModuleType and not isinstance(module, _DeferredInfo)
        assert spacy.cli.info is module.info and callable(spacy.cli.download)
        assert module.info_spacy is info_spacy
        assert callable(spacy.cli.setup_cli) and "typer" in sys.modules
        print("ok")
        """
    )
    assert out == "ok"


def test_spacyimport_spacy_info_becomes_the_real_function_on_first_call() -> None:
    out = _run(
        """
        import sys
        from presswatch.core.spacyimport import import_spacy
        spacy = import_spacy()
        found = spacy.info(silent=True)
        assert found["spacy_version"] == spacy.__version__, found
        assert spacy.info is sys.modules["spacy.cli.info"].info
        assert spacy.info.__module__ == "spacy.cli.info"
        print("ok")
        """
    )
    assert out == "ok"


def test_spacyimport_stand_in_becomes_the_real_module_on_attribute_access() -> None:
    out = _run(
        """
        import sys
        from presswatch.core.spacyimport import INFO_MODULE, _DeferredInfo
        stand_in = _DeferredInfo(INFO_MODULE)
        sys.modules[INFO_MODULE] = stand_in
        info_spacy = stand_in.info_spacy  # not the forwarding ``info``: imports the module
        module = sys.modules[INFO_MODULE]
        assert module is not stand_in and module.info_spacy is info_spacy
        print("ok")
        """
    )
    assert out == "ok"


def test_spacyimport_unknown_layout_imports_spacy_as_usual() -> None:
    out = _run(
        """
        import sys
        from presswatch.core import spacyimport
        spacyimport.CLI_IMPORT = "from .cli.elsewhere import info"  # another spaCy's layout
        spacy = spacyimport.import_spacy()
        print("spacy.cli" in sys.modules, type(sys.modules["spacy.cli.info"]).__name__)
        """
    )
    assert out == "True module"


def test_spacyimport_spacy_already_imported_is_left_alone() -> None:
    out = _run(
        """
        import sys
        import spacy
        from presswatch.core.spacyimport import import_spacy
        assert import_spacy() is spacy
        print("spacy.cli" in sys.modules)
        """
    )
    assert out == "True"
