from directory import create_app
from directory.config import from_environment


def test_environment_variables_with_prefix_configure_the_app():
    found = from_environment({"DIRECTORY_DATABASE_URL": "postgresql://h/db", "DIRECTORY_STALE_AFTER_DAYS": "90",
                              "DIRECTORY_DEBUG": "false", "OTHER": "x"})
    assert found == {"DATABASE_URL": "postgresql://h/db", "STALE_AFTER_DAYS": 90, "DEBUG": False}


def test_defaults_are_safe(tmp_path, monkeypatch):
    for name in ("DIRECTORY_DATABASE_URL", "DIRECTORY_SECRET_KEY", "DIRECTORY_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"SEED_DIR": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["DEBUG"] is False
    assert len(app.config["SECRET_KEY"]) >= 32
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_plain_postgresql_urls_use_psycopg3(tmp_path):
    app = create_app({"DATABASE_URL": "postgresql://127.0.0.1/test"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://127.0.0.1/test"


def test_every_setting_has_a_default_and_a_line_in_the_readme(tmp_path):
    from directory import config

    defaults = config.default_config(str(tmp_path))
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in config._ENV_SETTINGS:
        assert name in defaults, name
        assert f"`DIRECTORY_{name}`" in readme, name
