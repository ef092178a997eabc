"""A remote signing service (ký số từ xa): the agency's key stays with a certification
service; OneStop sends it the hash of what is to be signed and receives the raw signature,
which pyHanko places in the PDF as for a key held here.

The protocol (docs/security.md), JSON over HTTPS, with ``Authorization: Bearer <token>``:

- ``GET <url>/certificate?key=<key id>`` answers ``{"certificate": PEM, "chain": [PEM...]}``;
- ``POST <url>/sign`` with ``{"key", "hash_algorithm", "hash" (base64), "purpose"}`` answers
  ``{"signature": base64}``: the raw signature of the hash (RSA PKCS#1 v1.5 or ECDSA).

A service of another shape (a provider's own API) is a subclass of :class:`RemoteService`
overriding ``certificate()`` and ``sign()``. Every signature received is checked against the
certificate's public key before it enters a PDF."""

import base64
import hashlib

import requests
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509 import load_der_x509_certificate
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class RemoteSigningError(Exception):
    """``code``: ``unreachable``, ``credentials``, ``unknown_key``, ``bad_answer`` or
    ``mismatch`` (a signature that the certificate's key did not make)."""

    def __init__(self, code, detail=""):
        super().__init__("%s: %s" % (code, detail))
        self.code = code


class RemoteService:
    """The client of one key at one service."""

    def __init__(self, url, key_id, token, timeout=30):
        self.url = (url or "").rstrip("/")
        self.key_id = key_id or ""
        self.token = token or ""
        self.timeout = timeout or 30

    def _call(self, method, path, **kwargs):
        if not self.url.startswith(("https://", "http://")):
            raise RemoteSigningError("unreachable", "no address")
        try:
            response = requests.request(
                method,
                self.url + path,
                headers={"Authorization": "Bearer %s" % self.token},
                timeout=self.timeout,
                **kwargs,
            )
        except requests.RequestException as error:
            raise RemoteSigningError("unreachable", str(error)) from error
        if response.status_code in (401, 403):
            raise RemoteSigningError("credentials", response.status_code)
        if response.status_code == 404:
            raise RemoteSigningError("unknown_key", self.key_id)
        if response.status_code != 200:
            raise RemoteSigningError("unreachable", "HTTP %s" % response.status_code)
        try:
            return response.json()
        except ValueError as error:
            raise RemoteSigningError("bad_answer", "not JSON") from error

    def certificate(self):
        """``(certificate, [authorities])`` as asn1crypto certificates."""
        answer = self._call("GET", "/certificate", params={"key": self.key_id})
        try:
            pems = [answer["certificate"], *answer.get("chain", [])]
            certs = [_load_pem(pem) for pem in pems]
        except (KeyError, TypeError, ValueError) as error:
            raise RemoteSigningError("bad_answer", "certificate") from error
        return certs[0], certs[1:]

    def sign(self, digest, hash_algorithm, purpose=""):
        answer = self._call(
            "POST",
            "/sign",
            json={
                "key": self.key_id,
                "hash_algorithm": hash_algorithm,
                "hash": base64.b64encode(digest).decode(),
                "purpose": purpose,
            },
        )
        try:
            return base64.b64decode(answer["signature"], validate=True)
        except (KeyError, TypeError, ValueError) as error:
            raise RemoteSigningError("bad_answer", "signature") from error


def _load_pem(pem):
    data = pem.encode() if isinstance(pem, str) else pem
    if asn1_pem.detect(data):
        _type, _headers, data = asn1_pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


def check_signature(cert, digest, hash_algorithm, signature):
    """Raise RemoteSigningError('mismatch') unless ``signature`` is the certificate's key's
    signature of ``digest``."""
    public_key = load_der_x509_certificate(cert.dump()).public_key()
    prehashed = utils.Prehashed(HASHES[hash_algorithm]())
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, digest, padding.PKCS1v15(), prehashed)
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, digest, ec.ECDSA(prehashed))
        else:
            raise RemoteSigningError("bad_answer", "key type")
    except InvalidSignature as error:
        raise RemoteSigningError("mismatch") from error


class RemoteSigner(Signer):
    """pyHanko's signer for a key held by a :class:`RemoteService`."""

    def __init__(self, service, cert, others, purpose=""):
        self.service = service
        self.purpose = purpose
        super().__init__(
            signing_cert=cert,
            cert_registry=SimpleCertificateStore.from_certs([cert, *others]),
        )

    async def async_sign_raw(self, data, digest_algorithm, dry_run=False):
        if digest_algorithm not in HASHES:
            raise RemoteSigningError("bad_answer", digest_algorithm)
        if dry_run:
            # Room for the signature: the key's size (RSA) or an ECDSA signature's maximum.
            public_key = self.signing_cert.public_key
            return bytes(public_key.byte_size if public_key.algorithm == "rsa" else 144)
        digest = hashlib.new(digest_algorithm, data).digest()
        signature = self.service.sign(digest, digest_algorithm, self.purpose)
        check_signature(self.signing_cert, digest, digest_algorithm, signature)
        return signature
