"""Verify a classkiosk certificate token with PyJWT: the cred/ interop check.

Usage: python3 pyjwt_verify.py KEY_FILE TOKEN_FILE ISSUER
  KEY_FILE is a JWK or a JWKS (the key is then picked by the token's kid).
Exit 0 and one JSON line {header, claims} when the token verifies; exit 1 with the reason on
stderr when PyJWT rejects it; exit 2 on usage or key errors.
"""
import json
import sys

import jwt


def main(argv):
    if len(argv) != 4:
        print("usage: python3 pyjwt_verify.py KEY_FILE TOKEN_FILE ISSUER", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        key_data = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        token = f.read().strip()
    try:
        if "keys" in key_data:
            key_set = jwt.PyJWKSet.from_dict(key_data)
            try:
                key = key_set[jwt.get_unverified_header(token).get("kid")]
            except (KeyError, jwt.DecodeError) as e:
                print(f"rejected: no key for this token: {e}", file=sys.stderr)
                return 1
        else:
            key = jwt.PyJWK(key_data)
    except (jwt.PyJWKError, jwt.PyJWKSetError) as e:
        print(f"error: cannot use the key: {e}", file=sys.stderr)
        return 2
    try:
        claims = jwt.decode(token, key.key, algorithms=["EdDSA"], issuer=argv[3])
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as e:
        print(f"rejected: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(json.dumps({"header": header, "claims": claims}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
