// Passkeys for staff: adds one (navigator.credentials.create) or signs in with one
// (navigator.credentials.get). The server sends the options as JSON with binary fields in
// base64url; this script turns them into bytes, asks the browser, and posts the answer back in
// base64url. Each button says which ceremony it runs and where, in data-* attributes; the
// messages it may show are in the page's language, in data-* attributes too.
(function () {
  "use strict";

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) { binary += String.fromCharCode(bytes[i]); }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: body === undefined ? "{}" : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error("refused");
          error.serverMessage = data && data.error && data.error.message;
          throw error;
        }
        return data;
      });
    });
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  // A credential as the server reads it (py_webauthn's JSON): what every ceremony returns, plus its own part.
  function asJson(credential, ownResponse) {
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: Object.assign({ clientDataJSON: toText(credential.response.clientDataJSON) }, ownResponse)
    };
  }

  function register(options) {
    var publicKey = Object.assign({}, options, {
      challenge: toBytes(options.challenge),
      user: Object.assign({}, options.user, { id: toBytes(options.user.id) }),
      excludeCredentials: descriptors(options.excludeCredentials)
    });
    return navigator.credentials.create({ publicKey: publicKey }).then(function (credential) {
      var response = credential.response;
      return asJson(credential, {
        attestationObject: toText(response.attestationObject),
        transports: typeof response.getTransports === "function" ? response.getTransports() : []
      });
    });
  }

  function authenticate(options) {
    var publicKey = Object.assign({}, options, {
      challenge: toBytes(options.challenge),
      allowCredentials: descriptors(options.allowCredentials)
    });
    return navigator.credentials.get({ publicKey: publicKey }).then(function (credential) {
      var response = credential.response;
      return asJson(credential, {
        authenticatorData: toText(response.authenticatorData),
        signature: toText(response.signature),
        userHandle: response.userHandle ? toText(response.userHandle) : undefined
      });
    });
  }

  function start(button) {
    var box = button.closest("[data-passkey]");
    var status = box.querySelector("[data-passkey-status]");
    var nameField = box.querySelector("input[name=passkey_name]");
    var ceremony = box.getAttribute("data-passkey") === "register" ? register : authenticate;

    function show(message) {
      status.textContent = message;
      status.hidden = false;
      status.focus();
    }

    if (!window.PublicKeyCredential || !navigator.credentials) {
      show(box.getAttribute("data-unsupported"));
      return;
    }
    button.disabled = true;
    status.hidden = true;
    post(box.getAttribute("data-options-url"))
      .then(ceremony)
      .then(function (credential) {
        return post(box.getAttribute("data-verify-url"), { credential: credential, name: nameField ? nameField.value : "" });
      })
      .then(function (answer) {
        window.location.assign(answer.redirect);
      })
      .catch(function (error) {
        button.disabled = false;
        if (error && error.serverMessage) {
          show(error.serverMessage);
        } else if (error && error.name === "NotAllowedError") {
          show(box.getAttribute("data-cancelled"));
        } else if (error && error.name === "InvalidStateError") {
          show(box.getAttribute("data-already-added"));
        } else {
          show(box.getAttribute("data-failed"));
        }
      });
  }

  document.querySelectorAll("[data-passkey] button[data-passkey-start]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { start(button); });
  });
}());
