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
