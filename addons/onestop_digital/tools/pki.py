"""A throwaway certificate authority and certificates, made with ``cryptography`` by each
test run and by the demo data when it is loaded (no private key is committed). Not for
production: an agency's real certificate comes from a licensed certification authority."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

# One RSA key per role, made once per test process: key generation is the slow part.
_KEYS = {}


def _key(role):
    if role not in _KEYS:
        _KEYS[role] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _KEYS[role]


def _name(common_name):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "OneStop test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


class TestAuthority:
    """A root CA that issues signing certificates."""

    def __init__(self, name="OneStop Test Root CA", role="ca"):
        now = datetime.datetime.utcnow()
        self.key = _key(role)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )

    @property
    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(self, common_name, days=365, expired=False, role="signer"):
        """``(key, certificate)`` of a signing certificate."""
        now = datetime.datetime.utcnow()
        if expired:
            start, end = now - datetime.timedelta(days=400), now - datetime.timedelta(days=1)
        else:
            start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=days)
        key = _key(role)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )
        return key, cert

    def pkcs12(self, common_name, password, **kwargs):
        """A PKCS#12 file (bytes) holding a new signing certificate, its key and this CA."""
        key, cert = self.issue(common_name, **kwargs)
        return pkcs12.serialize_key_and_certificates(
            b"onestop",
            key,
            cert,
            [self.cert],
            serialization.BestAvailableEncryption(password.encode()),
        )
