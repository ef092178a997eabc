"""A fake remote signing service on loopback for the tests: it speaks the protocol of
``tools/remote_signing.py`` with a key of the test authority, and can be told to refuse,
to lie (sign with another key) or to be down."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class FakeSigningService:
    """``with FakeSigningService(key, cert, [ca], token="t", key_id="k") as service:``
    ``service.url`` is its address; ``service.requests`` the requests it answered."""

    def __init__(self, key, cert, chain, token, key_id):
        self.key = key
        self.cert = cert
        self.chain = chain
        self.token = token
        self.key_id = key_id
        self.mode = "honest"  # or "liar": signs with another key
        self.requests = []
        self.server = None

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return "http://%s:%s/api" % (host, port)

    def __enter__(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self):
                if self.headers.get("Authorization") != "Bearer %s" % service.token:
                    self._answer(401, {"error": "unauthorised"})
                    return False
                return True

            def do_GET(self):  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                service.requests.append(("GET", url.path))
                if url.path != "/api/certificate":
                    return self._answer(404, {"error": "not found"})
                if not self._authorised():
                    return None
                if parse_qs(url.query).get("key") != [service.key_id]:
                    return self._answer(404, {"error": "unknown key"})
                pem = serialization.Encoding.PEM
                return self._answer(
                    200,
                    {
                        "certificate": service.cert.public_bytes(pem).decode(),
                        "chain": [ca.public_bytes(pem).decode() for ca in service.chain],
                    },
                )

            def do_POST(self):  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                service.requests.append(("POST", url.path, body))
                if url.path != "/api/sign":
                    return self._answer(404, {"error": "not found"})
                if not self._authorised():
                    return None
                if body.get("key") != service.key_id:
                    return self._answer(404, {"error": "unknown key"})
                algorithm = HASHES.get(body.get("hash_algorithm"))
                if not algorithm:
                    return self._answer(400, {"error": "hash algorithm"})
                digest = base64.b64decode(body["hash"])
                key = service.key
                if service.mode == "liar":
                    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(algorithm()))
                return self._answer(200, {"signature": base64.b64encode(signature).decode()})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        """The service goes down (its address refuses connections)."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def __exit__(self, *exc):
        self.stop()
