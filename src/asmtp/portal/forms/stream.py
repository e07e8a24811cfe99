"""The stream questions shared by the self-check and the application's job offer step: the general
stream or Technical Professionals (rules.md criterion 11), the trade and its minimum qualification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from asmtp.cases.choices import GENERAL, STREAMS, TECHNICAL_PROFESSIONAL, tp_trade_choices
from asmtp.portal.forms.fields import YesNoField
from asmtp.web.form_fields import SaysWhatToDo

TP_FIELDS = ("stream", "tp_trade", "meets_trade_minimum_qualification")


class StreamQuestions(SaysWhatToDo, forms.Form):
    """Asked only when the policy in force today has the TP stream accepting applications."""

    stream = forms.ChoiceField(
        label=_("Which stream are you applying under?"), choices=STREAMS, initial=GENERAL, required=False,
        widget=forms.RadioSelect,
    )
    tp_trade = forms.ChoiceField(
        label=_("Trade of the job offer (Technical Professionals List)"), choices=(), required=False,
        help_text=_("Technical Professionals stream only."),
    )
    meets_trade_minimum_qualification = YesNoField(
        label=_("Do you meet the Technical Professionals List's minimum qualification for this trade (education, experience, and any registration or licence it needs)?"),
        required=False, help_text=_("Technical Professionals stream only."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from asmtp.cases.tp_quota import tp_stream_open

        self.tp_stream_open = tp_stream_open()
        if self.tp_stream_open:
            self.fields["tp_trade"].choices = tp_trade_choices()  # type: ignore[attr-defined]
            # Asked only in the TP stream, where it must be answered: not marked "optional".
            self.fields["tp_trade"].required_when_shown = True  # type: ignore[attr-defined]
        else:
            for name in TP_FIELDS:
                del self.fields[name]

    def clean_stream(self) -> str:
        return str(self.cleaned_data.get("stream") or GENERAL)

    def check_stream(self, data: dict[str, Any]) -> None:
        """A TP answer names its trade, declares the qualification and has a job offer."""
        if data.get("stream") != TECHNICAL_PROFESSIONAL:
            return
        from asmtp.cases.tp_quota import TPQuotaFull

        if not data.get("tp_trade"):
            self.add_error("tp_trade", ValidationError(TPQuotaFull.MESSAGES["tp_trade_required"], code="required"))
        if data.get("meets_trade_minimum_qualification") is None:
            self.add_error("meets_trade_minimum_qualification", ValidationError(_("Answer yes or no."), code="required"))
        if data.get("has_offer") is False:
            self.add_error(
                "has_offer",
                ValidationError(_("The Technical Professionals stream needs a job offer in a trade of the Technical Professionals List."), code="tp_offer_required"),
            )

    def stream_data(self) -> dict[str, Any]:
        """The stream answers as the engine reads them (nothing when the stream is general)."""
        data = self.cleaned_data
        if data.get("stream") != TECHNICAL_PROFESSIONAL:
            return {}
        return {
            "stream": TECHNICAL_PROFESSIONAL,
            "tp_trade": data["tp_trade"],
            "meets_trade_minimum_qualification": bool(data["meets_trade_minimum_qualification"]),
        }
