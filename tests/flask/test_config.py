"""Reading MONGO_* keys: every key, aliases, conflicts and errors."""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo

import pytest

from flask_mongo.config import EmbeddedSpec, settings_from_config
from flask_mongo.errors import ConfigWarning, ImproperlyConfigured
from tests.support import needs_embedded

PASSWORD = "p@ss:w/rd%+ é"


def read(**keys: object) -> object:
    return settings_from_config(keys, "MONGO")


def test_uri_gives_database_and_is_kept_whole() -> None:
    s = settings_from_config({"MONGO_URI": "mongodb://h1:1,h2:2/shop?w=1"})
    assert s.database == "shop"
    host, kwargs = s.client_arguments()
    assert host == "mongodb://h1:1,h2:2/shop?w=1"
    assert kwargs == {}


def test_connection_string_is_a_synonym_of_uri() -> None:
    s = settings_from_config({"MONGO_CONNECTION_STRING": "mongodb://h/db"})
    assert s.uri == "mongodb://h/db"
    assert s.database == "db"


def test_synonyms_with_different_values_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="MONGO_URI and MONGO_CONNECTION"):
        settings_from_config(
            {"MONGO_URI": "mongodb://a/db", "MONGO_CONNECTION_STRING": "mongodb://b/db"}
        )


def test_database_key_wins_over_uri_path() -> None:
    s = settings_from_config({"MONGO_URI": "mongodb://h/db", "MONGO_DATABASE": "x"})
    assert s.database == "x"


def test_no_database_anywhere_says_which_key_to_set() -> None:
    with pytest.raises(ImproperlyConfigured, match="set MONGO_DATABASE"):
        settings_from_config({"MONGO_URI": "mongodb://h/"})
    with pytest.raises(ImproperlyConfigured, match="set MONGO_DATABASE"):
        settings_from_config({})


def test_separate_keys_build_a_credential_free_uri() -> None:
    s = settings_from_config(
        {
            "MONGO_HOST": "db.example",
            "MONGO_PORT": "27018",
            "MONGO_DATABASE": "app",
            "MONGO_USERNAME": "ann",
            "MONGO_PASSWORD": PASSWORD,
            "MONGO_AUTH_SOURCE": "admin",
            "MONGO_REPLICA_SET": "rs0",
        }
    )
    host, kwargs = s.client_arguments()
    assert host == "mongodb://db.example:27018/"
    assert PASSWORD not in host
    assert kwargs == {
        "username": "ann",
        "password": PASSWORD,
        "authSource": "admin",
        "replicaSet": "rs0",
    }


def test_aliases_server_and_user() -> None:
    s = settings_from_config(
        {"MONGO_SERVER": "h", "MONGO_USER": "u", "MONGO_DATABASE": "d"}
    )
    assert (s.host, s.username) == ("h", "u")


def test_port_must_be_a_port() -> None:
    for bad in ("http", 0, 70000, True):
        with pytest.raises(ImproperlyConfigured, match="MONGO_PORT"):
            settings_from_config({"MONGO_PORT": bad, "MONGO_DATABASE": "d"})


def test_ipv6_host_is_bracketed() -> None:
    s = settings_from_config({"MONGO_HOST": "::1", "MONGO_DATABASE": "d"})
    assert s.client_arguments()[0] == "mongodb://[::1]/"


def test_options_as_query_string_are_parsed_by_the_driver() -> None:
    s = settings_from_config(
        {"MONGO_HOST": "h", "MONGO_DATABASE": "d", "MONGO_OPTIONS": "w=1&appname=x"}
    )
    assert s.client_arguments()[0] == "mongodb://h/?w=1&appname=x"
    s = settings_from_config(
        {"MONGO_URI": "mongodb://h/d?tls=false", "MONGO_OPTIONS": "appname=x"}
    )
    assert s.client_arguments()[0] == "mongodb://h/d?tls=false&appname=x"


def test_options_as_dict_and_client_options_are_keyword_arguments() -> None:
    s = settings_from_config(
        {
            "MONGO_URI": "mongodb://h/d",
            "MONGO_OPTIONS": {"appname": "x"},
            "MONGO_CLIENT_OPTIONS": {"maxPoolSize": 5},
        }
    )
    assert s.client_arguments()[1] == {"appname": "x", "maxPoolSize": 5}


def test_bad_options_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="MONGO_OPTIONS"):
        settings_from_config({"MONGO_DATABASE": "d", "MONGO_OPTIONS": 5})
    with pytest.raises(ImproperlyConfigured, match="MONGO_CLIENT_OPTIONS"):
        settings_from_config({"MONGO_DATABASE": "d", "MONGO_CLIENT_OPTIONS": "x=1"})


def test_timezone_gives_tz_aware_client() -> None:
    s = settings_from_config({"MONGO_DATABASE": "d", "MONGO_TIMEZONE": "Europe/Paris"})
    kwargs = s.client_arguments()[1]
    assert kwargs["tz_aware"] is True
    assert isinstance(kwargs["tzinfo"], tzinfo)
    assert str(kwargs["tzinfo"]) == "Europe/Paris"


def test_unknown_timezone_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="MONGO_TIMEZONE"):
        settings_from_config({"MONGO_DATABASE": "d", "MONGO_TIMEZONE": "Mars/Base"})


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"MONGO_HOST": "other"}, "MONGO_HOST"),
        ({"MONGO_SERVER": "other"}, "MONGO_SERVER"),
        ({"MONGO_PORT": 27017}, "MONGO_PORT"),
        ({"MONGO_USERNAME": "bob"}, "MONGO_USERNAME"),
        ({"MONGO_PASSWORD": "other"}, "MONGO_PASSWORD"),
        ({"MONGO_AUTH_SOURCE": "other"}, "MONGO_AUTH_SOURCE"),
        ({"MONGO_REPLICA_SET": "rs9"}, "MONGO_REPLICA_SET"),
    ],
)
def test_uri_with_conflicting_keys_names_them(
    extra: dict[str, object], named: str
) -> None:
    uri = "mongodb://ann:secret@h/d?authSource=admin&replicaSet=rs0"
    with pytest.raises(ImproperlyConfigured, match=named) as info:
        settings_from_config({"MONGO_URI": uri, **extra})
    assert "secret" not in str(info.value)


def test_uri_plus_credentials_kept_out_of_it_is_fine() -> None:
    s = settings_from_config(
        {"MONGO_URI": "mongodb://h/d", "MONGO_USERNAME": "u", "MONGO_PASSWORD": "p"}
    )
    assert s.client_arguments()[1] == {"username": "u", "password": "p"}


def test_bad_uri_scheme_is_refused_without_showing_the_password() -> None:
    with pytest.raises(ImproperlyConfigured, match="mongodb://") as info:
        settings_from_config({"MONGO_URI": "postgres://u:hunter2@h/d"})
    assert "hunter2" not in str(info.value)


def test_unknown_keys_are_named_in_a_warning() -> None:
    with pytest.warns(ConfigWarning, match="MONGO_DATABSE"):
        settings_from_config({"MONGO_DATABSE": "typo", "MONGO_DATABASE": "d"})


def test_other_prefixes_are_ignored() -> None:
    s = settings_from_config(
        {"OTHER_DATABASE": "o", "MONGO_URI": "bad", "MONGOALCHEMY_DATABASE": "m"},
        "OTHER",
    )
    assert (s.database, s.uri) == ("o", None)


def test_password_never_in_repr() -> None:
    s = settings_from_config(
        {
            "MONGO_URI": "mongodb://ann:hunter2@h/d",
            "MONGO_CLIENT_OPTIONS": {
                "password": "hunter3",
                "tlsCertificateKeyFilePassword": "k",
            },
        }
    )
    s2 = settings_from_config(
        {"MONGO_HOST": "h", "MONGO_DATABASE": "d", "MONGO_PASSWORD": PASSWORD}
    )
    text = repr(s) + repr(s2) + str(s2)
    for secret in ("hunter2", "hunter3", PASSWORD, "'k'"):
        assert secret not in text
    assert "ann" in text


def test_host_with_a_port_and_a_port_key_is_refused() -> None:
    # Found when the settings are read (at init_app), not at the first use.
    with pytest.raises(ImproperlyConfigured, match="give the port in one place"):
        settings_from_config(
            {
                "MONGO_HOST": "db.example:27018",
                "MONGO_PORT": 27019,
                "MONGO_DATABASE": "d",
            }
        )
    s = settings_from_config({"MONGO_HOST": "db.example:27018", "MONGO_DATABASE": "d"})
    assert s.client_arguments()[0] == "mongodb://db.example:27018/"


def test_options_go_after_the_database_of_a_uri() -> None:
    s = settings_from_config({"MONGO_URI": "mongodb://h/d", "MONGO_OPTIONS": "w=1"})
    assert s.client_arguments()[0] == "mongodb://h/d?w=1"
    s = settings_from_config(
        {"MONGO_URI": "mongodb://h", "MONGO_DATABASE": "d", "MONGO_OPTIONS": "?w=1"}
    )
    assert s.client_arguments()[0] == "mongodb://h/?w=1"


def test_options_that_are_not_a_query_string_are_refused() -> None:
    with pytest.raises(
        ImproperlyConfigured, match=r"query string like 'w=1&appname=x'"
    ):
        settings_from_config({"MONGO_DATABASE": "d", "MONGO_OPTIONS": "w:1"})


def test_timezone_may_be_a_tzinfo() -> None:
    zone = timezone(timedelta(hours=2), "CEST")
    s = settings_from_config({"MONGO_DATABASE": "d", "MONGO_TIMEZONE": zone})
    assert s.client_arguments()[1]["tzinfo"] is zone
    with pytest.raises(
        ImproperlyConfigured, match="MONGO_TIMEZONE must be a time zone"
    ):
        settings_from_config({"MONGO_DATABASE": "d", "MONGO_TIMEZONE": 2})


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"MONGO_URI": 27017, "MONGO_DATABASE": "d"}, "MONGO_URI must be a string"),
        ({"MONGO_DATABASE": ["d"]}, "MONGO_DATABASE must be a string"),
        (
            {"MONGO_HOST": ("a", "b"), "MONGO_DATABASE": "d"},
            "MONGO_HOST must be a host name string",
        ),
        (
            {"MONGO_SERVER": 1, "MONGO_DATABASE": "d"},
            "MONGO_SERVER must be a host name string",
        ),
    ],
)
def test_values_of_the_wrong_type_name_their_key(
    keys: dict[str, object], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_from_config(keys)


@needs_embedded
def test_embedded_settings_need_their_server_started() -> None:
    # The extension starts the server, then builds the client from the
    # settings pointed at it.
    s = settings_from_config({"MONGO_URI": "mongoeco://", "MONGO_DATABASE": "d"})
    assert s.embedded == EmbeddedSpec("memory")
    with pytest.raises(RuntimeError, match="start the embedded server"):
        s.client_arguments()
    started = s.with_embedded_address("127.0.0.1", 27999)
    assert started.client_arguments()[0] == "mongodb://127.0.0.1:27999/"
