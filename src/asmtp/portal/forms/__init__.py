"""Forms of the applicant portal: they parse and check input; the services decide."""

from asmtp.portal.forms.application import (
    DeclarationsForm,
    DependantForm,
    EducationForm,
    EmploymentForm,
    PersonalForm,
    RespondForm,
    SubmitForm,
    UploadForm,
    WithdrawForm,
)
from asmtp.portal.forms.self_check import SelfCheckForm

__all__ = [
    "DeclarationsForm",
    "DependantForm",
    "EducationForm",
    "EmploymentForm",
    "PersonalForm",
    "RespondForm",
    "SelfCheckForm",
    "SubmitForm",
    "UploadForm",
    "WithdrawForm",
]
