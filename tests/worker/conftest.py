from tests.notify.world import _mail_server, _provider_server, clock, mail, provider, world  # noqa: F401  (fixtures)
