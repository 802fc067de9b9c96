"""Roles, per-screen permissions and access-hour windows (F06)."""

from datetime import datetime, time

import pytest

from cobranca.domain.access import AccessRange, Role, Screen, check_access_hours, check_screen
from cobranca.domain.dates import SAO_PAULO
from cobranca.domain.errors import Forbidden
from cobranca.services.caller import caller_from_claims, groups_claim

WEEKDAYS_9_TO_15 = AccessRange(weekdays=[1, 2, 3, 4, 5], start=time(9), end=time(15))
SATURDAY_9_TO_13 = AccessRange(weekdays=[6], start=time(9), end=time(13))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SAO_PAULO)  # 2026-11-23 is a Monday


@pytest.mark.parametrize(("day", "hour"), [(23, 9), (23, 14), (27, 12), (28, 9), (28, 12)])
def test_requests_inside_any_range_pass(day, hour):
    check_access_hours(Role.OPERATOR, [WEEKDAYS_9_TO_15, SATURDAY_9_TO_13], at(day, hour))


@pytest.mark.parametrize(("day", "hour"), [(23, 8), (23, 15), (28, 13), (29, 10)])
def test_requests_outside_every_range_are_refused_with_the_allowed_hours(day, hour):
    with pytest.raises(Forbidden) as err:
        check_access_hours(Role.OPERATOR, [WEEKDAYS_9_TO_15, SATURDAY_9_TO_13], at(day, hour))
    assert "fora do horário" in err.value.message
    assert "seg,ter,qua,qui,sex 09:00–15:00" in err.value.message


def test_admin_is_never_restricted():
    check_access_hours(Role.ADMIN, [SATURDAY_9_TO_13], at(23, 3))


def test_no_range_means_no_restriction():
    check_access_hours(Role.OPERATOR, [], at(29, 23, 59))


def test_a_range_must_end_after_it_starts():
    with pytest.raises(ValueError, match="final deve ser depois"):
        AccessRange(weekdays=[1], start=time(15), end=time(9))


def test_operator_defaults_exclude_creditors_and_users():
    with pytest.raises(Forbidden):
        check_screen(Role.OPERATOR, None, Screen.CREDITORS)
    check_screen(Role.OPERATOR, None, Screen.DEBTORS)


def test_custom_permissions_replace_role_defaults_but_never_grant_users():
    check_screen(Role.OPERATOR, [Screen.IMPORTS], Screen.IMPORTS)
    with pytest.raises(Forbidden):
        check_screen(Role.OPERATOR, [Screen.IMPORTS], Screen.DEBTORS)
    with pytest.raises(Forbidden):
        check_screen(Role.SUPERVISOR, [Screen.USERS], Screen.USERS)


@pytest.mark.parametrize(
    ("claim", "groups"),
    [
        (["admin"], ["admin"]),
        ("[admin supervisor]", ["admin", "supervisor"]),
        ('["operator"]', ["operator"]),
        ("", []),
    ],
)
def test_groups_claim_is_read_as_cognito_or_the_http_api_sends_it(claim, groups):
    assert groups_claim(claim) == groups


def test_claims_without_tenant_or_role_are_refused():
    with pytest.raises(Forbidden):
        caller_from_claims({"sub": "u1", "cognito:groups": "[admin]"})
    with pytest.raises(Forbidden):
        caller_from_claims({"sub": "u1", "custom:tenant": "demo", "cognito:groups": "[guest]"})
    caller = caller_from_claims({"sub": "u1", "custom:tenant": "demo", "cognito:groups": "[operator admin]"})
    assert caller.role is Role.ADMIN
