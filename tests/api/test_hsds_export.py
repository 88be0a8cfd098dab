"""The Open Referral HSDS 3.0 export validates against the published schema."""

import json
import uuid

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.conftest import shared_dir


@pytest.fixture(scope="module")
def service_validator():
    schema_path = shared_dir() / "hsds-3.0" / "schema" / "compiled" / "service.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors_of(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_every_published_offer_exports_as_a_valid_hsds_service(seeded_client, service_validator):
    first = seeded_client.get("/api/hsds/services?per_page=100").get_json()
    assert first["total_items"] >= 90
    assert first["page_number"] == 1 and first["first_page"] is True
    documents = list(first["contents"])
    for number in range(2, first["total_pages"] + 1):
        documents += seeded_client.get(f"/api/hsds/services?per_page=100&page={number}").get_json()["contents"]
    assert len(documents) == first["total_items"]
    for document in documents:
        assert errors_of(service_validator, document) == [], document["name"]


def test_sisa_export_carries_languages_cost_and_statewide_area(seeded_client, service_validator):
    items = seeded_client.get("/api/hsds/services?per_page=100").get_json()["contents"]
    sisa = next(d for d in items if d["name"].startswith("SiSA"))
    assert {"code": "ar"}.items() <= next(lang for lang in sisa["languages"] if lang["code"] == "ar").items()
    assert any(area.get("extent_type") == "state" for area in sisa["service_areas"])
    assert sisa["cost_options"][0]["amount"] == 0
    # Nested ids are stable: the same export twice gives the same identifiers.
    again = seeded_client.get(f"/api/hsds/services/{sisa['id']}").get_json()
    assert again == sisa


def test_demo_offers_are_flagged_and_places_have_addresses(seeded_client):
    items = seeded_client.get("/api/hsds/services?per_page=100").get_json()["contents"]
    demo = [d for d in items if any(a["value"] == "demo" for a in d["attributes"])]
    assert len(demo) >= 60
    located = [d for d in demo if d.get("service_at_locations")]
    location = located[0]["service_at_locations"][0]["location"]
    assert location["addresses"][0]["city"] == "Magdeburg"
    assert 52.0 < location["latitude"] < 52.25


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=-1", "page=99999999999999999999", "page=%00"])
def test_bad_paging_is_a_json_400(seeded_client, query):
    response = seeded_client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    assert "message" in response.get_json()


def test_a_page_past_the_end_is_empty(seeded_client):
    assert seeded_client.get("/api/hsds/services?page=999").get_json()["empty"] is True


def test_unknown_service_is_json_404(seeded_client):
    assert seeded_client.get(f"/api/hsds/services/{uuid.uuid4()}").status_code == 404
    assert seeded_client.get("/api/hsds/services/not-a-uuid").get_json()["error"] == "not_found"


def test_cli_exports_the_same_documents(seeded_app, seeded_client, tmp_path):
    target = tmp_path / "services.json"
    result = seeded_app.test_cli_runner().invoke(args=["export", "hsds", "--output", str(target)])
    assert result.exit_code == 0, result.output
    exported = json.loads(target.read_text(encoding="utf-8"))
    api = seeded_client.get("/api/hsds/services?per_page=100").get_json()
    assert len(exported) == api["total_items"]
    assert {d["id"] for d in exported} >= {d["id"] for d in api["contents"]}


def test_open_data_leaves_out_ended_offers_like_the_public_pages(app):
    """An ended offer is still published (its page explains that it ended), but the feeds list what runs."""
    from directory.extensions import db
    from tests.factories import make_offer, reference_data

    with app.app_context():
        reference_data()
        running = make_offer("Hausaufgabenhilfe am Nachmittag")
        ended = make_offer("Sommerferienkurs Deutsch", status="ended")
        running_id, ended_id, ended_slug = str(running.id), str(ended.id), ended.slug
        db.session.remove()
    client = app.test_client()
    listed = client.get("/api/hsds/services").get_json()
    assert [d["id"] for d in listed["contents"]] == [running_id]
    assert listed["total_items"] == 1
    assert client.get(f"/api/hsds/services/{ended_id}").status_code == 404
    assert client.get(f"/offers/{ended_slug}").status_code == 200
    exported = app.test_cli_runner().invoke(args=["export", "hsds"])
    assert exported.exit_code == 0, exported.output
    assert [d["id"] for d in json.loads(exported.output)] == [running_id]
