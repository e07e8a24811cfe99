"""Hostile uploads: each fixture in hostile/ is refused with a clear message and no crash,
through the applicant portal's upload page and through the document service; images keep
their pixels but lose their metadata; ClamAV is asked when a clamd socket is configured."""

from __future__ import annotations

import io
import os
import socket
import struct
import tempfile
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils.html import escape

from asmtp.cases.models import Document
from asmtp.services.documents import DocumentRejected, upload_document
from tests.integration.portal.factories import fill_particulars, pdf_bytes, start

pytestmark = pytest.mark.django_db
HOSTILE = Path(__file__).resolve().parent / "hostile"

# fixture file -> (name it is uploaded under, the refusal code)
CASES = {
    "polyglot-pdf-javascript.pdf": ("polyglot-pdf-javascript.pdf", "active_content"),
    "launch-action.pdf": ("launch-action.pdf", "active_content"),
    "jpeg-with-zip.jpg": ("photo.jpg", "hidden_content"),
    "png-with-trailer.png": ("photo.png", "hidden_content"),
    "pdf-with-trailer.pdf": ("degree.pdf", "hidden_content"),
    "pixel-flood.png": ("photo.png", "too_many_pixels"),
    "decompression-bomb.png": ("photo.png", "too_many_pixels"),
    "eicar.pdf": ("eicar.pdf", "malware"),
    "svg-disguised.png": ("photo.png", "wrong_type"),
    "html-disguised.jpg": ("photo.jpg", "wrong_type"),
    "executable.pdf": ("contract.pdf", "wrong_type"),
    "png-named.pdf": ("degree.pdf", "wrong_extension"),
    "gif-named.jpg": ("photo.jpg", "wrong_type"),
    "empty.pdf": ("empty.pdf", "empty"),
}
# A valid PDF under names that disguise what it is.
DECEPTIVE_NAMES = {
    "crlf": ("scan\r\nContent-Type: text/html.pdf", "bad_name"),
    "right-to-left override": ("invoice\u202efdp.exe", "bad_name"),
    "executable extension": ("degree.pdf.exe", "wrong_extension"),
    "html extension": ("degree.html", "wrong_extension"),
}


def test_the_hostile_set_has_at_least_twelve_files_and_every_one_is_tested():
    files = {p.name for p in HOSTILE.iterdir() if p.suffix != ".py" and p.name != "__pycache__"}
    assert len(files) >= 12
    assert files == set(CASES)


@pytest.fixture
def draft(applicant):
    return fill_particulars(start(applicant), applicant)


def _upload_through_service(draft, applicant, content: bytes, name: str) -> str:
    with pytest.raises(DocumentRejected) as refused:
        upload_document(draft.pk, applicant, kind="degree_certificate", person="principal", upload=io.BytesIO(content), original_name=name)
    return refused.value.code


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_the_service_refuses_each_hostile_file_with_its_reason(fixture, draft, applicant):
    name, code = CASES[fixture]
    assert _upload_through_service(draft, applicant, (HOSTILE / fixture).read_bytes(), name) == code
    assert not Document.objects.filter(application=draft).exists()


@pytest.mark.parametrize("label", sorted(DECEPTIVE_NAMES))
def test_the_service_refuses_a_valid_pdf_under_a_deceptive_name(label, draft, applicant):
    name, code = DECEPTIVE_NAMES[label]
    assert _upload_through_service(draft, applicant, pdf_bytes(), name) == code


def _post(client, draft, upload: SimpleUploadedFile):
    return client.post(
        f"/en/portal/applications/{draft.pk}/documents/",
        {"person": "principal", "kind": "degree_certificate", "file": upload},
    )


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_the_upload_page_shows_a_clear_message_beside_the_file_field(fixture, draft, applicant, client):
    client.force_login(applicant)
    name, code = CASES[fixture]
    response = _post(client, draft, SimpleUploadedFile(name, (HOSTILE / fixture).read_bytes(), content_type="application/pdf"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="field-error"' in page and 'class="error-summary"' in page
    if code != "empty":  # the form itself refuses an empty file, in its own words
        assert escape(DocumentRejected(code).message) in page
    assert "Traceback" not in page
    assert not Document.objects.filter(application=draft).exists()


def test_a_file_one_byte_over_the_limit_is_refused_with_the_limit_named(draft, applicant, client):
    client.force_login(applicant)
    big = b"%PDF-1.7\n" + b"0" * (settings.ASMTP_UPLOAD_MAX_BYTES - 9 + 1)
    assert len(big) == settings.ASMTP_UPLOAD_MAX_BYTES + 1
    response = _post(client, draft, SimpleUploadedFile("degree.pdf", big, content_type="application/pdf"))
    assert response.status_code == 400
    assert f"at most {settings.ASMTP_UPLOAD_MAX_BYTES // (1024 * 1024)} MB" in response.content.decode()


def test_a_file_exactly_at_the_limit_is_not_refused_for_its_size(draft, applicant):
    exact = pdf_bytes()
    exact = exact + b"\n" * (settings.ASMTP_UPLOAD_MAX_BYTES - len(exact))  # whitespace after %%EOF is allowed
    document = upload_document(draft.pk, applicant, kind="degree_certificate", person="principal", upload=io.BytesIO(exact), original_name="degree.pdf")
    assert document.size == len(exact)


def test_101_files_in_one_request_get_a_clear_page_and_nothing_is_stored(draft, applicant, client):
    client.force_login(applicant)
    files = [SimpleUploadedFile(f"scan-{i}.pdf", pdf_bytes(), content_type="application/pdf") for i in range(101)]
    response = client.post(f"/en/portal/applications/{draft.pk}/documents/", {"person": "principal", "kind": "degree_certificate", "file": files})
    assert response.status_code == 400
    assert "Too many files were sent at once" in response.content.decode()
    assert not Document.objects.filter(application=draft).exists()


def test_the_too_many_files_page_speaks_the_visitors_language(draft, applicant, client):
    client.force_login(applicant)
    files = [SimpleUploadedFile(f"scan-{i}.pdf", b"%PDF-", content_type="application/pdf") for i in range(101)]
    response = client.post(f"/zh-hant/portal/applications/{draft.pk}/documents/", {"file": files})
    assert response.status_code == 400
    assert "一次傳送的檔案太多" in response.content.decode()


# --- metadata ---------------------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (22.0, 16.0, 42.0), 3: "E", 4: (114.0, 10.0, 20.0)}  # GPS: Hong Kong
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 200, 90)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_gps_position_and_camera_details_are_stripped_from_an_uploaded_photo(draft, applicant):
    from PIL import Image

    original = _jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)
    document = upload_document(draft.pk, applicant, kind="photo", person="principal", upload=io.BytesIO(original), original_name="me.jpg")
    stored = document.file.read()
    with Image.open(io.BytesIO(stored)) as after:
        assert not after.getexif()
        assert after.size == (32, 24)
        after.load()
    assert b"PhoneMaker" not in stored


def test_text_chunks_are_stripped_from_a_png_and_the_image_still_opens(draft, applicant):
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Li Wei, 18 Harbour Road")
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, format="PNG", pnginfo=info)
    document = upload_document(draft.pk, applicant, kind="photo", person="principal", upload=io.BytesIO(out.getvalue()), original_name="me.png")
    stored = document.file.read()
    assert b"Harbour Road" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        image.load()
        assert image.getpixel((0, 0)) == (1, 2, 3)


# --- ClamAV -----------------------------------------------------------------------------------


class FakeClamd(threading.Thread):
    """A clamd stand-in on a Unix socket speaking INSTREAM: FOUND if the stream holds `marker`."""

    def __init__(self, path: str, marker: bytes = b"ASMTP-TEST-VIRUS") -> None:
        super().__init__(daemon=True)
        self.path, self.marker, self.received = path, marker, []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)

    def run(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                command = b""
                while not command.endswith(b"\0"):
                    command += connection.recv(1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    (length,) = struct.unpack(">I", self._read(connection, 4))
                    if length == 0:
                        break
                    data += self._read(connection, length)
                self.received.append(data)
                verdict = b"stream: Asmtp.Test.Virus FOUND\0" if self.marker in data else b"stream: OK\0"
                connection.sendall(verdict)

    @staticmethod
    def _read(connection: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            data += connection.recv(size - len(data))
        return data

    def stop(self) -> None:
        self.server.close()


@pytest.fixture
def clamd_socket():
    folder = tempfile.mkdtemp(prefix="clamd-")
    path = os.path.join(folder, "clamd.sock")
    server = FakeClamd(path)
    server.start()
    yield path, server
    server.stop()


def test_with_clamd_configured_a_clean_file_is_scanned_and_accepted(clamd_socket, draft, applicant):
    path, server = clamd_socket
    clean = pdf_bytes()
    with override_settings(ASMTP_CLAMD_SOCKET=path):
        upload_document(draft.pk, applicant, kind="degree_certificate", person="principal", upload=io.BytesIO(clean), original_name="d.pdf")
    assert server.received == [clean]


def test_with_clamd_configured_a_file_it_flags_is_refused_as_malware(clamd_socket, draft, applicant):
    path, _server = clamd_socket
    infected = pdf_bytes().replace(b"%PDF-1.3", b"%PDF-1.3\n%ASMTP-TEST-VIRUS", 1)
    with override_settings(ASMTP_CLAMD_SOCKET=path):
        assert _upload_through_service(draft, applicant, infected, "d.pdf") == "malware"


def test_when_the_configured_scanner_is_down_uploads_are_refused_not_stored_unscanned(draft, applicant):
    with override_settings(ASMTP_CLAMD_SOCKET="/nonexistent/clamd.sock"):
        assert _upload_through_service(draft, applicant, pdf_bytes(), "d.pdf") == "scanner_unavailable"
