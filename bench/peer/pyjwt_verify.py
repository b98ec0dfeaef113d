#!/usr/bin/python3
"""Peer for cred_bench's verify rate: PyJWT (Debian's python3-jwt) verifying a real
classkiosk certificate token with the station's exported JWK, for a given number of seconds.

Usage: bench/peer/pyjwt_verify.py TOKEN_FILE JWK_FILE [SECONDS]
Prints: peer pyjwt verify: N tokens/s
"""
import json
import sys
import time

import jwt


def main():
    token = open(sys.argv[1]).read().strip()
    jwk = json.load(open(sys.argv[2]))
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    key = jwt.PyJWK(jwk).key
    options = {"verify_exp": False, "verify_iat": False}
    jwt.decode(token, key, algorithms=["EdDSA"], options=options)
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        jwt.decode(token, key, algorithms=["EdDSA"], options=options)
        count += 1
    rate = count / (time.perf_counter() - start)
    print(f"peer pyjwt verify: {rate:.0f} tokens/s")


if __name__ == "__main__":
    main()
