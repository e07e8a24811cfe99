"""Fees recorded before bills existed (cases.FeePayment, one row per person) become paid bills
with one fee line per person, so the fee-line model is the only record of a fee."""

from django.db import migrations


def _check_digit(body):
    return sum((index + 2) * int(digit) for index, digit in enumerate(reversed(body))) % 11 % 10


def _next(PaymentCounter, series, year):
    counter, _created = PaymentCounter.objects.get_or_create(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def forwards(apps, schema_editor):
    FeePayment = apps.get_model("cases", "FeePayment")
    Bill = apps.get_model("payments", "Bill")
    FeeLine = apps.get_model("payments", "FeeLine")
    PaymentCounter = apps.get_model("payments", "PaymentCounter")
    groups = {}
    for payment in FeePayment.objects.select_related("application", "dependant").order_by("application_id", "id"):
        groups.setdefault((payment.application_id, payment.kind), []).append(payment)
    for (_case_id, kind), payments in groups.items():
        case = payments[0].application
        if Bill.objects.filter(application=case, kind=kind).exists():
            continue
        paid_at = max(p.paid_at for p in payments)
        year = paid_at.year
        serial = _next(PaymentCounter, "bill", year)
        bill = Bill.objects.create(
            application=case, kind=kind, reference=f"B-{year}-{serial:06d}-{_check_digit(f'{year}{serial:06d}')}",
            amount_hkd=sum(p.amount_hkd for p in payments), status="paid", created_at=paid_at, paid_at=paid_at,
            paid_via="counter", receipt_number=f"R-{year}-{_next(PaymentCounter, 'receipt', year):06d}",
        )
        for position, payment in enumerate(payments):
            person = payment.dependant
            FeeLine.objects.create(
                bill=bill, position=position, dependant=person,
                name_en=person.name_en if person else case.name_en,
                name_zh=person.name_zh if person else case.name_zh,
                relationship=person.relationship if person else "",
                amount_hkd=payment.amount_hkd,
            )


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
