"""Set-up shared by the tests of the measures of May 2026's collection
work: the measures a user computes, invoices posted on their own day, the
owners of the customers' cases (the collectors of the measures)."""

from datetime import date

from freezegun import freeze_time

MAY_1, MAY_31 = date(2026, 5, 1), date(2026, 5, 31)

__all__ = ["MAY_1", "MAY_31", "MayMeasures", "may"]


def may(day):
    return date(2026, 5, day)


class MayMeasures:
    """What the collection measures of May show a user, and the owners of
    the customers' cases (the collectors of the measures)."""

    def _measures(self, dimension, user=None, company=None):
        values = {"date_from": MAY_1, "date_to": MAY_31, "dimension": dimension}
        if company:
            values["company_id"] = company.id
        wizard = (
            self.env["ar.collection.measure"]
            .with_user(user or self.collector)
            .create(values)
        )
        return wizard, {row["name"]: row for row in wizard.measure_figures()}

    def _invoiced(self, partner, amount, day, **values):
        """An invoice (or credit note) of ``amount`` dated, due and posted on
        ``day``: the daily work of that day sees it as it was."""
        with freeze_time(day):
            return self._invoice(partner, amount, day, **values)

    def _owned_by(self, owners):
        """``{customer: collector}``: the owner of the customer's open case."""
        cases = self.env["ar.collection.case"].sudo()
        for partner, user in owners.items():
            cases.search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", self.company.id),
                    ("stage", "!=", "closed"),
                ]
            ).user_id = user

    def _figures(self, row, keys):
        return {key: row[key] for key in keys}
