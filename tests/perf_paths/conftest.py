from tests.auth.conftest import make_key, prod_app, prod_client, prod_settings  # noqa: F401  (fixtures)
