"""WeCom / WeChat callback crypto (the documented "WXBizMsgCrypt" scheme).

* Signature: SHA-1 of the sorted concatenation of token, timestamp, nonce and the ``Encrypt``
  text (``msg_signature``); the Official Account plaintext mode signs without ``Encrypt``.
* Cipher: AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes,
  PKCS#7 padding to 32-byte blocks. Plaintext = 16 random bytes + 4-byte big-endian length +
  message + receive id (corpid or appid), which must match.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ting.errors import TingError

BLOCK_BYTES = 32


class CallbackError(TingError):
    """A callback failed verification or decryption; ``status`` is the HTTP answer to give."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def verify(expected: str, *parts: str) -> None:
    if not hmac.compare_digest(signature(*parts), expected or ""):
        raise CallbackError("bad signature", 401)


class MessageCrypto:
    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        try:
            self.key = base64.b64decode(encoding_aes_key + "=")
        except ValueError:
            self.key = b""
        if len(self.key) != 32:
            raise TingError("encoding_aes_key must be the 43-character EncodingAESKey from the console")
        self.token = token
        self.receive_id = receive_id

    def decrypt(self, encrypted: str, msg_signature: str, timestamp: str, nonce: str) -> str:
        verify(msg_signature, self.token, timestamp, nonce, encrypted)
        try:
            data = base64.b64decode(encrypted, validate=True)
            decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
            plain = decryptor.update(data) + decryptor.finalize()
            pad = plain[-1]
            if not 1 <= pad <= BLOCK_BYTES:
                raise ValueError("bad padding")
            plain = plain[:-pad]
            (length,) = struct.unpack(">I", plain[16:20])
            message, receive_id = plain[20 : 20 + length], plain[20 + length :]
        except (ValueError, struct.error, IndexError):
            raise CallbackError("cannot decrypt the message", 400) from None
        if receive_id.decode(errors="replace") != self.receive_id:
            raise CallbackError("message is for another corpid/appid", 403)
        return message.decode()

    def encrypt(self, message: str, *, random16: bytes | None = None) -> str:
        body = message.encode()
        plain = (random16 or os.urandom(16)) + struct.pack(">I", len(body)) + body + self.receive_id.encode()
        pad = BLOCK_BYTES - len(plain) % BLOCK_BYTES
        plain += bytes([pad]) * pad
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def reply_xml(self, message: str, timestamp: str, nonce: str) -> str:
        """The encrypted passive reply in the documented layout."""
        encrypted = self.encrypt(message)
        sign = signature(self.token, timestamp, nonce, encrypted)
        return (
            f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt><MsgSignature><![CDATA[{sign}]]></MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>"
        )
