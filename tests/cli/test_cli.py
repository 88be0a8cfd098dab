from directory.services import seed as seed_module


def test_seed_command_reports_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "10 challenges" in first.output and "40 districts" in first.output
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0
    assert "created nothing" in second.output


def test_seed_loads_the_real_directory_and_examples_only_on_request(app):
    from sqlalchemy import func, select

    from directory.extensions import db
    from directory.models import Offer, Organisation

    def count(*where):
        return db.session.execute(select(func.count()).select_from(Offer).where(*where)).scalar_one()

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        assert count(Offer.demo.is_(True)) == 0
        assert count(Offer.workflow_state == "published") >= 35
        assert count(Offer.workflow_state == "draft") >= 1
        assert db.session.execute(select(func.count()).where(Organisation.demo.is_(True))).scalar_one() == 0
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert count(Offer.demo.is_(True)) >= 60


def test_seed_failure_leaves_nothing_half_loaded(app, tmp_path, monkeypatch):
    def broken(seed_dir, report):
        raise RuntimeError("broken file")

    monkeypatch.setattr(seed_module, "STEPS", [*seed_module.STEPS[:2], ("broken", broken)])
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code != 0
    with app.app_context():
        from sqlalchemy import func, select

        from directory.extensions import db
        from directory.models import District

        assert db.session.execute(select(func.count()).select_from(District)).scalar_one() == 0


def test_an_operator_street_file_is_checked_installed_and_used(app, tmp_path):
    from directory.geo.origin import resolve_origin

    target = tmp_path / "instance" / "strassen.csv"
    app.config["STREETS_FILE"] = str(target)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nBreiter Weg,11.6,52.1\n", encoding="utf-8")
    refused = app.test_cli_runner().invoke(args=["geo", "load-streets", str(bad)])
    assert refused.exit_code != 0 and "outside Magdeburg" in refused.output
    assert not target.exists()

    good = tmp_path / "streets.csv"
    good.write_text("name,lat,lon,postcode\nBreiter Weg,52.1301,11.6381,39104\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "load-streets", str(good)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == good.read_text(encoding="utf-8")
    with app.app_context():
        origin = resolve_origin("Breiter Weg 7")
    assert origin is not None and origin.kind == "street"
