from directory.services import seed as seed_module


def test_seed_command_reports_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "--no-demo"])
    assert first.exit_code == 0, first.output
    assert "10 challenges" in first.output and "40 districts" in first.output
    second = runner.invoke(args=["seed", "--no-demo"])
    assert second.exit_code == 0
    assert "created nothing" in second.output


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
