"""The ERP notice's rules (domain/erp.py): Stripe's signature scheme, one id per fact, the retry
delays over three days, and the targets refused outside the local stack (SSRF)."""

from cobranca.domain.erp import (
    RETRY_FOR_SECONDS,
    ErpEvent,
    delivery_id,
    retry_delay,
    signature,
    target_refusal,
    verify,
)

SECRET = "s" * 32


def test_the_signature_is_an_hmac_of_the_timestamp_and_the_body_and_old_ones_are_refused():
    body = '{"id":"dlv_1","event":"installment.paid"}'
    header = signature(SECRET, 1_800_000_000, body)
    assert header == "t=1800000000,v1=" + header.split("v1=")[1]
    assert len(header.split("v1=")[1]) == 64
    assert verify(SECRET, header, body, now=1_800_000_100)
    assert not verify(SECRET, header, body + " ", now=1_800_000_100)  # another body
    assert not verify("x" * 32, header, body, now=1_800_000_100)  # another secret
    assert not verify(SECRET, header, body, now=1_800_000_000 + 301)  # replayed later
    assert not verify(SECRET, "v1=abc", body, now=1_800_000_000)


def test_one_fact_is_one_delivery():
    assert delivery_id(ErpEvent.INSTALLMENT_PAID, "a-01@x") == delivery_id(
        ErpEvent.INSTALLMENT_PAID, "a-01@x"
    )
    assert delivery_id(ErpEvent.INSTALLMENT_PAID, "a-01@x") != delivery_id(ErpEvent.AGREEMENT_PAID, "a-01@x")


def test_retries_double_from_a_minute_up_to_six_hours_apart_and_fit_three_days():
    delays = [retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [60, 120, 240, 480]
    assert max(delays) == 6 * 3600
    tries, elapsed = 0, 0
    while elapsed + retry_delay(tries + 1) <= RETRY_FOR_SECONDS:
        tries += 1
        elapsed += retry_delay(tries)
    assert 15 <= tries <= 20  # about a score of tries before a notice is given up as failed


def test_private_loopback_link_local_and_plain_http_targets_are_refused():
    public = ["93.184.216.34"]
    assert target_refusal("https://erp.example.com/hook", public, allow_private=False) is None
    for addresses in (
        ["127.0.0.1"],
        ["10.1.2.3"],
        ["192.168.0.10"],
        ["169.254.169.254"],
        ["::1"],
        ["fd00::1"],
    ):
        assert target_refusal("https://erp.example.com/hook", addresses, allow_private=False)
    assert target_refusal("https://erp.example.com/hook", [*public, "10.0.0.1"], allow_private=False)
    assert target_refusal("http://erp.example.com/hook", public, allow_private=False)
    assert target_refusal("https://nowhere.invalid/hook", [], allow_private=False)
    assert target_refusal("http://127.0.0.1:8080/hook", ["127.0.0.1"], allow_private=True) is None


def test_an_ipv4_inside_an_ipv6_is_refused_whatever_form_it_takes():
    for address in (
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::a9fe:a9fe",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "::ffff:127.0.0.1",  # mapped
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    ):
        assert target_refusal("https://erp.example.com/hook", [address], allow_private=False), address
    public = ["2606:4700::6810:84e5"]
    assert target_refusal("https://erp.example.com/hook", public, allow_private=False) is None


def test_a_url_with_credentials_is_refused_and_never_echoed():
    import pytest
    from pydantic import ValidationError

    from cobranca.domain.erp import ErpWebhookIn

    with pytest.raises(ValidationError) as refused:
        ErpWebhookIn(url="https://user:s3cr3t@erp.example.com/hook", secret=SECRET)
    assert "usuário e senha" in str(refused.value)
    assert "s3cr3t" not in str(refused.value.errors(include_input=False))
