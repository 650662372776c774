"""Password storage: Argon2id with the tuned parameters, older hashes upgraded at login."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from election_admin.settings import base

pytestmark = pytest.mark.django_db


def _log_in(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": "huanjie2021"}
    )
    assert response.status_code == 302, "the login page should accept the password"


PRODUCTION_HASHERS = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


@PRODUCTION_HASHERS
def test_new_passwords_are_argon2id_with_owasp_parameters():
    encoded = make_password("huanjie2021")
    assert encoded.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in encoded
    assert check_password("huanjie2021", encoded)
    assert not check_password("huanjie2022", encoded)


@PRODUCTION_HASHERS
def test_pbkdf2_hash_is_upgraded_to_argon2_at_login(client, make_user):
    user = make_user("office")
    user.password = make_password(
        "huanjie2021", hasher="pbkdf2_sha256"
    )  # as stored before this change
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"
    _log_in(client, user)
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert "m=19456,t=2,p=1" in user.password


@PRODUCTION_HASHERS
def test_argon2_hash_with_django_default_parameters_still_verifies_and_is_rehashed(
    client, make_user
):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = make_user("office")
    user.password = Argon2PasswordHasher().encode("huanjie2021", "c2FsdHNhbHRzYWx0")
    user.save(update_fields=["password"])
    assert "m=102400" in user.password
    _log_in(client, user)
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password


def test_tests_run_with_a_fast_hasher_but_production_lists_argon2_first():
    assert base.PASSWORD_HASHERS[0] == "core.hashers.TunedArgon2PasswordHasher"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
