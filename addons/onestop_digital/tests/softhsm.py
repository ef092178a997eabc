"""A SoftHSM2 token for the tests of the PKCS#11 signer: a software token (Debian's
``softhsm2``, installed by ``make setup``) holding the agency's key and certificates, made in a
temporary folder by each test run, as an agency's USB token or HSM would hold them.

The token is written by a separate process (this file run as a script), so that the test
process loads the PKCS#11 library once, with the token already in place: a PKCS#11 library
reads its configuration when it is first initialised."""

import os
import subprocess
import sys
import tempfile

LIBRARY_PATHS = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)
TOKEN_LABEL = "onestop-test"
PIN = "246810"
SO_PIN = "13579111"
KEY_LABEL = "con-dau-so"

_TOKEN_DIR = None


def library():
    """The SoftHSM2 PKCS#11 library, or None when softhsm2 is not installed."""
    return next((path for path in LIBRARY_PATHS if os.path.exists(path)), None)


def provision(key, cert, others=()):
    """A token labelled TOKEN_LABEL holding ``key`` (a ``cryptography`` RSA private key),
    its certificate ``cert`` under KEY_LABEL and the authorities ``others`` (``cryptography``
    certificates). Sets SOFTHSM2_CONF for this process; one token per process."""
    global _TOKEN_DIR  # noqa: PLW0603 - the library reads its configuration once per process
    from cryptography.hazmat.primitives import serialization

    if _TOKEN_DIR:
        return _TOKEN_DIR
    folder = tempfile.mkdtemp(prefix="onestop-softhsm-")
    os.makedirs(os.path.join(folder, "tokens"))
    conf = os.path.join(folder, "softhsm2.conf")
    with open(conf, "w", encoding="utf-8") as handle:
        handle.write(
            "directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n"
            % os.path.join(folder, "tokens")
        )
    env = dict(os.environ, SOFTHSM2_CONF=conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN_LABEL,
            "--pin",
            PIN,
            "--so-pin",
            SO_PIN,
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    files = []
    for index, data in enumerate(
        [der_key, cert.public_bytes(serialization.Encoding.DER)]
        + [other.public_bytes(serialization.Encoding.DER) for other in others]
    ):
        path = os.path.join(folder, "object-%d.der" % index)
        with open(path, "wb") as handle:
            handle.write(data)
        files.append(path)
    subprocess.run(
        [sys.executable, __file__, library(), *files], env=env, check=True, capture_output=True
    )
    for path in files:
        os.unlink(path)
    os.environ["SOFTHSM2_CONF"] = conf
    _TOKEN_DIR = folder
    return folder


def _write_objects(library_path, key_path, cert_path, *other_paths):
    """Run as a script: write the key and the certificates onto the token."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    token = pkcs11.lib(library_path).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=PIN) as session:
        with open(key_path, "rb") as handle:
            attributes = decode_rsa_private_key(handle.read())
        attributes.update(
            {
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.EXTRACTABLE: False,
            }
        )
        session.create_object(attributes)
        for index, path in enumerate([cert_path, *other_paths]):
            with open(path, "rb") as handle:
                attributes = decode_x509_certificate(handle.read())
            attributes.update(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.LABEL: KEY_LABEL if index == 0 else "ca-%d" % index,
                    Attribute.ID: b"\x01" if index == 0 else bytes([0x10 + index]),
                    Attribute.TOKEN: True,
                }
            )
            session.create_object(attributes)


if __name__ == "__main__":
    _write_objects(*sys.argv[1:])
