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
