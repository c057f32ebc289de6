"""The compose file of docs/scale.md (a Dask scheduler, workers and
PostgreSQL) cannot run here (no Docker): its syntax is checked against the
Compose specification's JSON Schema (tests/fixtures/compose_spec.json, from
docker-compose 1.29.2, Apache-2.0), and what presswatch needs of it is checked
by reading it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "examples" / "cluster" / "compose.yaml"
SCHEMA = Path(__file__).parent / "fixtures" / "compose_spec.json"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text("utf-8"))


def test_cluster_compose_file_follows_the_compose_schema(compose: dict[str, Any]) -> None:
    validator = jsonschema.Draft201909Validator(json.loads(SCHEMA.read_text("utf-8")))
    assert [error.message for error in validator.iter_errors(compose)] == []
    broken = json.loads(json.dumps(compose))
    broken["services"]["worker"]["command"] = 5
    broken["services"]["worker"]["replica"] = 2
    assert len(list(validator.iter_errors(broken))) == 2  # the schema does catch mistakes


def test_cluster_compose_runs_one_presswatch_everywhere(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) >= {"scheduler", "worker", "postgres", "client"}
    images = {services[name]["image"] for name in ("scheduler", "worker", "client")}
    assert len(images) == 1  # the client and the workers run the same presswatch
    worker = services["worker"]["command"]
    assert worker[:3] == ["dask", "worker", "tcp://scheduler:8786"]
    assert worker[worker.index("--nthreads") + 1] == "1"
    assert services["scheduler"]["command"][:2] == ["dask", "scheduler"]
    for name in ("worker", "client"):  # shards written by workers, read by the client
        assert any(v.startswith("shards:/shards") for v in services[name]["volumes"])
    dockerfile = (ROOT / "examples" / "cluster" / "Dockerfile").read_text("utf-8")
    assert "[cluster,postgres]" in dockerfile


def test_shards_schema_is_documented_in_formats() -> None:
    from presswatch.corpus.shards import SCHEMA_DOC, schema

    formats = (ROOT / "docs" / "formats.md").read_text("utf-8")
    for name, kind, _ in SCHEMA_DOC:
        assert f"| `{name}` | {kind} |" in formats
    assert schema().names == [name for name, _, _ in SCHEMA_DOC]


def test_cluster_example_dask_settings_are_the_local_cluster_ones() -> None:
    """examples/cluster/dask.yaml (for real workers) gives the settings a
    ``local:N`` cluster runs with, and the image installs it."""
    import dask.config

    from presswatch.corpus.cluster import LOCAL_CLUSTER_CONFIG

    settings = yaml.safe_load((ROOT / "examples" / "cluster" / "dask.yaml").read_text("utf-8"))
    for key, value in LOCAL_CLUSTER_CONFIG.items():
        assert dask.config.get(key, config=settings) == value, key
    dockerfile = (ROOT / "examples" / "cluster" / "Dockerfile").read_text("utf-8")
    assert "COPY examples/cluster/dask.yaml /etc/dask/" in dockerfile
