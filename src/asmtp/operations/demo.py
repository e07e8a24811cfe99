"""Demo data: a synthetic but realistic caseload for trying the service.

Every case is driven through `perform_action` (the real state machine, events and audit
chain) at dates spread over the past two years, so the demo's history, queues and
statistics look like a running system's. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from asmtp.accounts.models import Role, User
from asmtp.cases.documents import PDF, document_checklist
from asmtp.cases.letters import issue_letter
from asmtp.cases.models import (
    Application,
    Assessment,
    Dependant,
    Document,
    DocumentKind,
    InformationRequest,
    Letter,
    LetterKind,
    Message,
)
from asmtp.cases.services import perform_action
from asmtp.domain.identity import mainland_id_error
from asmtp.domain.lifecycle import Action
from asmtp.employers.models import Company, JobOffer
from asmtp.evisa.services import issue_evisa
from asmtp.payments.models import Bill, BillKind
from asmtp.payments.services import pay_bill, record_issuance_fee
from asmtp.workbench.tasks import email_letter

DEMO_ACCOUNTS: dict[str, tuple[str, str]] = {
    Role.APPLICANT: ("applicant@demo.asmtp.example", "demo-applicant-2026"),
    Role.EMPLOYER: ("employer@demo.asmtp.example", "demo-employer-2026"),
    Role.OFFICER: ("officer@demo.asmtp.example", "demo-officer-2026"),
    Role.SENIOR_OFFICER: ("senior@demo.asmtp.example", "demo-senior-2026"),
    Role.ANALYST: ("analyst@demo.asmtp.example", "demo-analyst-2026"),
    Role.ADMINISTRATOR: ("admin@demo.asmtp.example", "demo-admin-2026"),
}

SURNAMES = [("Li", "李"), ("Wang", "王"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"), ("Huang", "黄"),
            ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"), ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"),
            ("Hu", "胡"), ("Guo", "郭"), ("He", "何"), ("Lin", "林"), ("Gao", "高"), ("Luo", "罗")]
GIVEN = [("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Li", "丽"), ("Qiang", "强"),
         ("Lei", "磊"), ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"), ("Yan", "艳"), ("Jie", "杰"), ("Tao", "涛"),
         ("Ming", "明"), ("Chao", "超"), ("Xiuying", "秀英"), ("Hua", "华"), ("Hui", "慧"), ("Yuxuan", "宇轩")]
# Address codes of a few prefecture-level cities per province (GB/T 2260), for realistic IDs.
ADDRESS_CODES = {"11": "110105", "31": "310104", "44": "440305", "32": "320102", "33": "330106", "37": "370102",
                 "51": "510104", "42": "420102", "43": "430102", "41": "410102", "35": "350102", "34": "340102",
                 "61": "610102", "21": "210102", "50": "500103", "12": "120101", "13": "130102", "36": "360102"}
PROVINCE_WEIGHTS = {"44": 22, "11": 12, "31": 12, "32": 8, "33": 8, "37": 5, "51": 5, "42": 5, "43": 4, "41": 4,
                    "35": 4, "34": 3, "61": 2, "21": 2, "50": 2, "12": 1, "13": 1, "36": 1}
# Industry mix led by commerce and trade, financial services, academic research and education
# (LegCo reply LCQ13, 7 May 2025).
INDUSTRY_WEIGHTS = {"G": 22, "K": 18, "P": 14, "J": 12, "M": 10, "C": 5, "F": 5, "Q": 4, "H": 4, "R": 2, "L": 2, "N": 2}
JOB_TITLES = {"G": "Trade Manager", "K": "Investment Analyst", "P": "Research Assistant Professor", "J": "Software Engineer",
              "M": "Management Consultant", "C": "Process Engineer", "F": "Structural Engineer", "Q": "Clinical Researcher",
              "H": "Logistics Planner", "R": "Game Designer", "L": "Property Analyst", "N": "Operations Manager"}
COMPANIES = [("Victoria Harbour Trading Limited", "維港貿易有限公司", "G"), ("Lion Rock Capital Limited", "獅子山資本有限公司", "K"),
             ("Pearl River Research Institute", "珠江研究院", "P"), ("Kowloon Cloud Systems Limited", "九龍雲端系統有限公司", "J"),
             ("Central Advisory Partners Limited", "中環顧問有限公司", "M"), ("Tsing Yi Precision Manufacturing Limited", "青衣精密製造有限公司", "C"),
             ("New Territories Engineering Limited", "新界工程有限公司", "F"), ("Sha Tin Biomedical Limited", "沙田生物醫學有限公司", "Q"),
             ("Kwai Chung Logistics Limited", "葵涌物流有限公司", "H"), ("Cyberport Games Studio Limited", "數碼港遊戲工作室有限公司", "R"),
             ("Harbourfront Properties Limited", "海濱物業有限公司", "L"), ("Admiralty Business Services Limited", "金鐘商業服務有限公司", "N")]

# Final status -> (share of the caseload, the actions that lead there after submission).
ROUTES: dict[str, tuple[int, list[Action]]] = {
    "draft": (7, []),
    "submitted": (10, [Action.SUBMIT]),
    "assessing": (10, [Action.SUBMIT, Action.CLAIM, Action.RECORD_ASSESSMENT]),
    "awaiting_applicant": (7, [Action.SUBMIT, Action.CLAIM, Action.REQUEST_INFORMATION]),
    "recommended": (8, [Action.SUBMIT, Action.CLAIM, Action.RECORD_ASSESSMENT, Action.RECOMMEND_APPROVAL]),
    "approved": (8, [Action.SUBMIT, Action.CLAIM, Action.RECORD_ASSESSMENT, Action.RECOMMEND_APPROVAL, Action.APPROVE]),
    "refused": (6, [Action.SUBMIT, Action.CLAIM, Action.RECORD_ASSESSMENT, Action.RECOMMEND_REFUSAL, Action.REFUSE]),
    "evisa_issued": (36, [Action.SUBMIT, Action.CLAIM, Action.REQUEST_INFORMATION, Action.RESPOND, Action.RECORD_ASSESSMENT,
                          Action.RECOMMEND_APPROVAL, Action.APPROVE, Action.RECORD_FEE, Action.ISSUE_EVISA]),
    "withdrawn": (4, [Action.SUBMIT, Action.WITHDRAW]),
    "lapsed": (4, [Action.SUBMIT, Action.CLAIM, Action.REQUEST_INFORMATION, Action.LAPSE]),
}


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    dependants: int
    companies: int

    def __str__(self) -> str:
        return f"{self.cases} cases with {self.dependants} dependants, {self.companies} companies"


def demo_data_present() -> bool:
    return User.objects.filter(email=DEMO_ACCOUNTS[Role.OFFICER][0]).exists()


def mainland_id(rng: random.Random, province: str, birth: dt.date, sex: str) -> str:
    sequence = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
    body = f"{ADDRESS_CODES[province]}{birth:%Y%m%d}{sequence:03d}"
    # The one check character the identity module accepts (the algorithm lives there only).
    return next(body + c for c in "0123456789X" if mainland_id_error(body + c, ADDRESS_CODES.keys()) is None)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _password_hashes(passwords: list[str]) -> list[str]:
    """Argon2 hashes of the demo passwords, computed side by side: argon2 leaves Python's lock
    while it works, and seven hashes one after another were over a second of the load."""
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(make_password, passwords))


def _accounts(hashes: list[str]) -> dict[str, User]:
    users = {}
    for (role, (email, _)), password_hash in zip(DEMO_ACCOUNTS.items(), hashes, strict=True):
        users[role] = User(username=email, email=email, role=role, first_name=str(Role(role).label), last_name="Demo",
                           is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR,
                           email_verified_at=timezone.now(), password=password_hash)
    User.objects.bulk_create(users.values())
    return {role: User.objects.get(email=user.email) for role, user in users.items()}


def _companies(rng: random.Random, creator: User) -> list[Company]:
    today = timezone.localdate()
    companies = [
        Company.objects.create(
            business_registration_number=f"{rng.randrange(10**7, 10**8)}", name_en=name_en, name_zh=name_zh, industry=industry,
            established_on=today - dt.timedelta(days=rng.randrange(200, 9000)), contact_person="Chan Tai Man",
            contact_email=f"hr{i}@company{i}.example.hk", status=Company.Status.VERIFIED,
        )
        for i, (name_en, name_zh, industry) in enumerate(COMPANIES)
    ]
    return companies


def _principal(rng: random.Random, submitted: dt.date) -> dict[str, Any]:
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    sex = rng.choice("MF")
    birth = submitted - dt.timedelta(days=rng.randrange(23 * 365, 50 * 365))
    province = _weighted(rng, PROVINCE_WEIGHTS)
    education = rng.choices(["bachelor", "master", "doctorate", "sub_degree", "secondary"], weights=[48, 34, 10, 5, 3])[0]
    data: dict[str, Any] = {
        "name_en": f"{surname[0].upper()} {given[0]}", "name_zh": surname[1] + given[1], "sex": sex,
        "date_of_birth": birth.isoformat(), "mainland_id_number": mainland_id(rng, province, birth, sex),
        "travel_document": {"type": "EEP", "number": f"C{rng.randrange(10**7, 10**8)}"},  # C + 8 digits
        "residence": rng.choices(["mainland", "overseas"], weights=[97, 3])[0],
        "education_level": education, "field_of_study": rng.choice(["Computer Science", "Finance", "Economics", "Civil Engineering", "Chemistry", "Law"]),
        "experience_years": rng.randrange(1, 20), "criminal_conviction_declared": rng.random() < 0.02,
    }
    if data["residence"] == "overseas":
        data["overseas_residence_months"] = rng.randrange(6, 60)
    if rng.random() < 0.05:
        data["previous_year_assessable_income_hkd"] = rng.randrange(1_500_000, 4_000_000)
    return data


def _salary(rng: random.Random) -> int:
    # About half of recent approvals paid under HK$20,000 a month (LCQ13, 7 May 2025); a long tail above.
    return int(round(min(rng.lognormvariate(9.95, 0.55), 400_000), -2))


def _dependants(rng: random.Random, principal: dict[str, Any], submitted: dt.date) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    if rng.random() < 0.45:
        spouse_birth = dt.date.fromisoformat(principal["date_of_birth"]) + dt.timedelta(days=rng.randrange(-1500, 1500))
        relationship = "civil_partner" if rng.random() < 0.03 else "spouse"
        people.append({"relationship": relationship, "name_en": f"{rng.choice(SURNAMES)[0].upper()} {rng.choice(GIVEN)[0]}",
                       "date_of_birth": spouse_birth.isoformat(), "marital_status": "married"})
        for _ in range(rng.choices([0, 1, 2], weights=[40, 45, 15])[0]):
            child_birth = submitted - dt.timedelta(days=rng.randrange(200, 17 * 365))
            people.append({"relationship": "child", "name_en": f"{principal['name_en'].split()[0]} {rng.choice(GIVEN)[0]}",
                           "date_of_birth": child_birth.isoformat(), "marital_status": "single"})
    return people


def _bill_as_the_step_does(case: Application, action: Action, officer: User, moment: dt.datetime) -> None:
    """The application fee paid by FPS on the day of submission (payments bills it, and the
    issuance fee on approval, as the step is taken)."""
    if action is Action.SUBMIT:
        bill = Bill.objects.filter(application=case, kind=BillKind.APPLICATION).first()
        if bill is not None:
            pay_bill(bill.pk, officer, via=Bill.Channel.FPS, now=moment)


def _acting_user(action: Action, users: dict[str, User], applicant: User) -> User | None:
    if action in {Action.SUBMIT, Action.RESPOND, Action.WITHDRAW}:
        return applicant
    if action in {Action.APPROVE, Action.REFUSE}:
        return users[Role.SENIOR_OFFICER]
    if action is Action.LAPSE:
        return None
    return users[Role.OFFICER]


@transaction.atomic
def load_demo_data(cases: int = 400, seed: int = 2026) -> DemoSummary:
    """Create the demo accounts, companies and `cases` applications across every status."""
    rng = random.Random(seed)
    load_started = timezone.now()
    *account_hashes, applicant_hash = _password_hashes([password for _, password in DEMO_ACCOUNTS.values()] + ["demo-applicant-2026"])
    users = _accounts(account_hashes)
    companies = _companies(rng, users[Role.EMPLOYER])
    users[Role.EMPLOYER].company = companies[0]
    users[Role.EMPLOYER].save(update_fields=["company"])
    now = timezone.now()
    statuses = list(ROUTES)
    weights = [ROUTES[s][0] for s in statuses]
    dependant_total = 0
    for index in range(cases):
        final = "evisa_issued" if index == 0 else rng.choices(statuses, weights=weights)[0]
        if index == 0:
            applicant = users[Role.APPLICANT]
        else:
            email = f"applicant{index:04d}@demo.asmtp.example"
            applicant = User.objects.create(username=email, email=email, role=Role.APPLICANT, password=applicant_hash,
                                            email_verified_at=now, preferred_language=rng.choice(["zh-hans"] * 8 + ["zh-hant", "en"]))
        # Cases still with the applicant are recent: a request unanswered for long lapses instead.
        days_ago = rng.randrange(3, 700) if final not in {"draft", "submitted", "awaiting_applicant"} else rng.randrange(0, 30)
        start = now - dt.timedelta(days=days_ago, hours=rng.randrange(0, 10))
        principal = _principal(rng, start.date())
        industry = _weighted(rng, INDUSTRY_WEIGHTS)
        salary = _salary(rng)
        offer, employment_data = None, None
        if rng.random() < 0.8:
            company = next((c for c in companies if c.industry == industry), rng.choice(companies))
            offer = JobOffer.objects.create(
                company=company, status=JobOffer.Status.FILED, post_title=JOB_TITLES.get(industry, "Analyst"), monthly_salary_hkd=salary,
                contract_months=rng.choice([24, 36, 36, 48]), local_recruitment_evidence=rng.random() < 0.7,
                created_by=users[Role.EMPLOYER], filed_at=start,
            )
            employment_data = {"relevant_to_background": rng.random() < 0.92}
        people = _dependants(rng, principal, start.date())
        case = Application.objects.create(
            # Its own form key, as every draft has (submitting checks it): the demo's drafts can be submitted.
            applicant=applicant, language=applicant.preferred_language, applicant_data=principal, idempotency_key=uuid.uuid4().hex,
            name_en=principal["name_en"], name_zh=principal["name_zh"], province_code=principal["mainland_id_number"][:2],
            industry=industry, monthly_salary_hkd=salary, offer=offer, employment_data=employment_data, dependant_count=len(people),
        )
        Application.objects.filter(pk=case.pk).update(created_at=start)
        Dependant.objects.bulk_create(
            Dependant(application=case, position=position, relationship=person["relationship"], name_en=person["name_en"],
                      date_of_birth=dt.date.fromisoformat(person["date_of_birth"]), marital_status=person["marital_status"])
            for position, person in enumerate(people)
        )
        dependant_total += len(people)
        if final != "draft":
            _attach_documents(case, applicant, start)
        _advance(case, ROUTES[final][1], users, applicant, start, rng)
    # The demo's letters are history: count them as sent when written, so a newcomer's
    # worker is not busy for minutes rendering and e-mailing two years of correspondence.
    Letter.objects.filter(emailed_at__isnull=True).update(emailed_at=F("created_at"))
    # Their e-mail jobs would now do nothing: drop them, so the worker starts on real work.
    DBTaskResult.objects.filter(task_path=email_letter.module_path, status=TaskResultStatus.READY, enqueued_at__gte=load_started).delete()
    return DemoSummary(cases=cases, dependants=dependant_total, companies=len(companies))


def _attach_documents(case: Application, applicant: User, uploaded_at: dt.datetime) -> None:
    """Every document the checklist requires of the case's people, as a specimen PDF, uploaded
    before the case is submitted: officers open them as they would an applicant's scans."""
    _store_specimens(case, applicant, uploaded_at, [
        (item.kind, None if person.person == "principal" else int(person.person))
        for person in document_checklist(case) for item in person.missing
    ])


def _store_specimens(case: Application, applicant: User, uploaded_at: dt.datetime, wanted: list[tuple[str, int | None]],
                     request: InformationRequest | None = None) -> None:
    """A specimen PDF for each (kind, dependant id), stored as the applicant's upload at that time."""
    documents = []
    for kind, dependant_id in wanted:
        data = _specimen_pdf(kind)
        document = Document(
            application=case, dependant_id=dependant_id, kind=kind, original_name=f"{kind}.pdf", content_type=PDF,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=applicant, information_request=request,
        )
        document.file.save("upload", ContentFile(data), save=False)
        documents.append(document)
    created = Document.objects.bulk_create(documents)
    Document.objects.filter(pk__in=[document.pk for document in created]).update(uploaded_at=uploaded_at)


# What the demo's officers ask for when they request information (their message is the event's reason).
DEMO_REQUEST_ITEMS: list[dict[str, Any]] = [{"kind": DocumentKind.DEGREE_CERTIFICATE.value, "dependant_id": None}]
DEMO_REQUEST_MESSAGE = "Please upload your degree certificate."


def _open_request(case: Application, officer: User, at: dt.datetime) -> InformationRequest:
    """What `request_information` leaves besides the transition: the request, its message and its letter."""
    request = InformationRequest.objects.create(application=case, requested_by=officer, message=DEMO_REQUEST_MESSAGE,
                                                items=DEMO_REQUEST_ITEMS, due_on=at.date() + dt.timedelta(days=28))
    InformationRequest.objects.filter(pk=request.pk).update(created_at=at)
    message = Message.objects.create(application=case, sender=officer, body=DEMO_REQUEST_MESSAGE)
    Message.objects.filter(pk=message.pk).update(created_at=at)
    issue_letter(case, LetterKind.INFORMATION_REQUEST, key=f"rfi-{request.pk}", context={"request": request})
    return request


def _answer_request(case: Application, applicant: User, request: InformationRequest, at: dt.datetime) -> None:
    """What `respond_to_information_request` leaves besides the transition: the documents asked for."""
    _store_specimens(case, applicant, at, [(item["kind"], item["dependant_id"]) for item in request.items], request)
    InformationRequest.objects.filter(pk=request.pk).update(answered_at=at)


@cache
def _specimen_pdf(kind: str) -> bytes:
    """A one-page PDF saying which kind of document it stands in for, and that it is not real."""
    from fpdf import FPDF

    with translation.override("en"):
        label = str(DocumentKind(kind).label)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 16, "SPECIMEN - ASMTP demo data", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=14)
    pdf.multi_cell(0, 8, f"{label}\n\nThis file stands in for a document an applicant uploads. "
                         "It was made with the demo data and is not a real document.")
    return bytes(pdf.output())


def _advance(case: Application, actions: list[Action], users: dict[str, User], applicant: User, start: dt.datetime, rng: random.Random) -> None:
    moment = start
    request: InformationRequest | None = None
    for action in actions:
        moment += dt.timedelta(days=rng.randrange(0, 6), hours=rng.randrange(1, 8))
        reason = ""
        data: dict[str, Any] | None = None
        if action in {Action.RECOMMEND_REFUSAL, Action.REFUSE}:
            reason = "The remuneration is not broadly commensurate with the market level and no further evidence was given."
        if action is Action.REQUEST_INFORMATION:
            reason, data = DEMO_REQUEST_MESSAGE, {"items": DEMO_REQUEST_ITEMS}
        if action is Action.RESPOND and request is not None:
            _answer_request(case, applicant, request, moment)
            data = {"information_request": request.pk}
        if action is Action.RECORD_ASSESSMENT:
            _record_assessment(case, users[Role.OFFICER], moment)
        actor = _acting_user(action, users, applicant)
        written_from = timezone.now()
        if action is Action.RECORD_FEE:
            record_issuance_fee(case.pk, actor, now=moment)
        elif action is Action.ISSUE_EVISA:
            months = 36
            Application.objects.filter(pk=case.pk).update(
                granted_months=months, first_admitted_on=moment.date(), limit_of_stay_on=moment.date() + dt.timedelta(days=months * 30))
            issue_evisa(case.pk, actor, now=moment)
        else:
            case = perform_action(case.pk, action, actor, reason=reason, data=data, now=moment)
            _bill_as_the_step_does(case, action, users[Role.OFFICER], moment)
            if action is Action.REQUEST_INFORMATION and actor is not None:
                request = _open_request(case, actor, moment)
        # The letters this step wrote (acknowledgement, request, decision) carry its date, as their PDFs do.
        Letter.objects.filter(application=case, created_at__gte=written_from).update(created_at=moment)


def _record_assessment(case: Application, officer: User, at: dt.datetime) -> None:
    """What `record_assessment` writes besides the transition: the engine's result with its rule
    version, as of the submission (so a later check of the rules in force finds it current)."""
    from asmtp.workbench.services import write_assessment

    case.refresh_from_db()
    assessment = write_assessment(case, user=officer)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=at)
