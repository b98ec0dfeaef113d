/* classkiosk certificate check: verifies a token offline against the keys and revocation list
 * pinned in data.js, by the same rules as the station's cred/token.c, and shows the verdict.
 * Plain script (file:// forbids modules); every text from a token goes in with textContent. */
(function () {
    'use strict';

    /* Limits shared with cred/: token.h, jws.c, revoke.h, key.h. */
    var TOKEN_MAX = 4096;
    var QR_TEXT_MAX = 8192;
    var HEADER_MAX = 512;
    var SIG_BYTES = 64;
    var PK_BYTES = 32;
    var KID_LEN = 43;
    var CLOCK_SKEW = 300;
    var TIME_MAX = 253402300799;
    var TEXT_MAX = 200;
    var JTI_MAX = 64;
    var MAX_DAYS = 14;
    var HOURS_MIN = 0.005; /* what a station signs: at least 0.01 once rounded */
    var HOURS_MAX = 10000;
    var MAX_KEYS = 1000;
    var RL_TYP = 'ck-rl+jwt';
    var RL_MAX_ENTRIES = 100000;
    var RL_MAX_TEXT = 16 * 1024 * 1024;
    var JSON_MAX_DEPTH = 2048; /* jansson's limit */
    var DATA_FORMAT = 1;       /* what data.js must say it is */

    /* ---------------------------------------------------------------- bytes and text */

    var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    var B64_VALUE = Object.create(null);
    for (var bi = 0; bi < B64.length; bi++)
        B64_VALUE[B64.charAt(bi)] = bi;

    /* base64url without padding. */
    function b64urlEncode(bytes) {
        var out = '', i = 0;
        for (; i + 2 < bytes.length; i += 3) {
            var v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
            out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
        }
        if (bytes.length - i === 1) {
            out += B64[bytes[i] >> 2] + B64[(bytes[i] & 3) << 4];
        } else if (bytes.length - i === 2) {
            var w = (bytes[i] << 8) | bytes[i + 1];
            out += B64[w >> 10] + B64[(w >> 4) & 63] + B64[(w & 15) << 2];
        }
        return out;
    }

    /* Canonical unpadded base64url of at most max bytes, as cred's ck_cred_b64url_decode():
     * a Uint8Array, or null. */
    function b64urlDecode(s, max) {
        var len = s.length;
        if (len % 4 === 1 || Math.floor(len / 4) * 3 + 2 > max + 2)
            return null;
        var out = new Uint8Array(Math.floor(len * 3 / 4));
        var acc = 0, bits = 0, n = 0;
        for (var i = 0; i < len; i++) {
            var v = B64_VALUE[s.charAt(i)];
            if (v === undefined)
                return null;
            acc = ((acc << 6) | v) & 0xffffff;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (acc >> bits) & 0xff;
            }
        }
        if (n > max)
            return null;
        out = out.subarray(0, n);
        /* Only the canonical spelling: unused low bits must be zero. */
        return b64urlEncode(out) === s ? out : null;
    }

    function asciiBytes(s) {
        var out = new Uint8Array(s.length);
        for (var i = 0; i < s.length; i++)
            out[i] = s.charCodeAt(i) & 0xff;
        return out;
    }

    var utf8Decoder = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});
    var utf8Encoder = new TextEncoder();

    /* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF), or null. */
    function utf8(bytes) {
        try {
            return utf8Decoder.decode(bytes);
        } catch (e) {
            return null;
        }
    }

    function utf8Length(s) {
        return utf8Encoder.encode(s).length;
    }

    /* As ck_cred_text_ok(): no C0 or C1 control characters, no DEL, no lone surrogates. */
    function textOk(s) {
        for (var i = 0; i < s.length; i++) {
            var c = s.charCodeAt(i);
            if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f))
                return false;
            if (c >= 0xd800 && c <= 0xdbff) {
                var d = s.charCodeAt(i + 1);
                if (!(d >= 0xdc00 && d <= 0xdfff))
                    return false;
                i++;
            } else if (c >= 0xdc00 && c <= 0xdfff) {
                return false;
            }
        }
        return true;
    }

    /* As ck_cred_jti_ok(): 1 to 64 printable ASCII characters without spaces. */
    function jtiOk(s) {
        if (s.length === 0 || s.length > JTI_MAX)
            return false;
        for (var i = 0; i < s.length; i++) {
            var c = s.charCodeAt(i);
            if (c <= 0x20 || c >= 0x7f)
                return false;
        }
        return true;
    }

    /* At most 40 bytes of untrusted text for a message, printable ASCII only (cred's shown()). */
    function shown(s) {
        var b = utf8Encoder.encode(s), out = '';
        for (var i = 0; i < b.length; i++) {
            if (i === 40)
                return out + '...';
            out += b[i] >= 0x20 && b[i] < 0x7f ? String.fromCharCode(b[i]) : '?';
        }
        return out;
    }

    /* Whether d is a real calendar date written YYYY-MM-DD, from 1900 on. */
    function dateOk(d) {
        if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d))
            return false;
        var y = +d.slice(0, 4), m = +d.slice(5, 7), day = +d.slice(8, 10);
        if (y < 1900 || m < 1 || m > 12 || day < 1)
            return false;
        var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        var mdays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        return day <= mdays[m - 1];
    }

    /* ---------------------------------------------------------------- strict JSON */

    /* A JSON number, remembering whether it was written as an integer (jansson's
     * json_is_integer) or with a fraction or exponent (a real). */
    function JNum(value, integer) {
        this.value = value;
        this.integer = integer;
    }

    function isInt(v) {
        return v instanceof JNum && v.integer;
    }

    function isNum(v) {
        return v instanceof JNum;
    }

    function isObj(v) {
        return v instanceof Map;
    }

    /* Parse JSON text as jansson's json_loadb(…, JSON_REJECT_DUPLICATES) does: an object or an
     * array at the top, no duplicate keys, no \u0000, no lone surrogates, integers within 64
     * bits, finite reals, nothing after the value. Objects become Maps. Throws on bad text. */
    function parseJson(text) {
        var i = 0, n = text.length;

        function fail() {
            throw new SyntaxError('not JSON');
        }
        function skip() {
            while (i < n) {
                var c = text.charCodeAt(i);
                if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)
                    break;
                i++;
            }
        }
        function hex4() {
            var h = text.substr(i, 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h))
                fail();
            i += 4;
            return parseInt(h, 16);
        }
        function str() {
            var out = '';
            i++; /* the opening quote */
            for (;;) {
                if (i >= n)
                    fail();
                var c = text.charCodeAt(i);
                if (c === 0x22) {
                    i++;
                    return out;
                }
                if (c < 0x20)
                    fail();
                if (c !== 0x5c) {
                    out += text.charAt(i++);
                    continue;
                }
                var e = text.charAt(i + 1);
                i += 2;
                if (e === '"' || e === '\\' || e === '/')
                    out += e;
                else if (e === 'b')
                    out += '\b';
                else if (e === 'f')
                    out += '\f';
                else if (e === 'n')
                    out += '\n';
                else if (e === 'r')
                    out += '\r';
                else if (e === 't')
                    out += '\t';
                else if (e === 'u') {
                    var u = hex4();
                    if (u === 0)
                        fail();
                    if (u >= 0xdc00 && u <= 0xdfff)
                        fail();
                    if (u >= 0xd800 && u <= 0xdbff) {
                        if (text.charAt(i) !== '\\' || text.charAt(i + 1) !== 'u')
                            fail();
                        i += 2;
                        var low = hex4();
                        if (low < 0xdc00 || low > 0xdfff)
                            fail();
                        out += String.fromCharCode(u, low);
                    } else {
                        out += String.fromCharCode(u);
                    }
                } else {
                    fail();
                }
            }
        }
        function num() {
            var m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
            if (!m)
                fail();
            i += m[0].length;
            if (m[2] === undefined && m[3] === undefined) {
                /* Beyond 64 bits jansson refuses the text. */
                var digits = m[1], limit = m[0].charAt(0) === '-' ? '9223372036854775808'
                                                                   : '9223372036854775807';
                if (digits.length > 19 || (digits.length === 19 && digits > limit))
                    fail();
                return new JNum(Number(m[0]), true);
            }
            var r = Number(m[0]);
            if (!isFinite(r))
                fail();
            return new JNum(r, false);
        }
        function word(w, v) {
            if (text.substr(i, w.length) !== w)
                fail();
            i += w.length;
            return v;
        }
        function value(depth) {
            if (depth > JSON_MAX_DEPTH)
                fail();
            skip();
            var c = text.charAt(i);
            if (c === '{') {
                var o = new Map();
                i++;
                skip();
                if (text.charAt(i) === '}') {
                    i++;
                    return o;
                }
                for (;;) {
                    skip();
                    if (text.charAt(i) !== '"')
                        fail();
                    var k = str();
                    if (o.has(k))
                        fail();
                    skip();
                    if (text.charAt(i) !== ':')
                        fail();
                    i++;
                    o.set(k, value(depth + 1));
                    skip();
                    c = text.charAt(i++);
                    if (c === '}')
                        return o;
                    if (c !== ',')
                        fail();
                }
            }
            if (c === '[') {
                var a = [];
                i++;
                skip();
                if (text.charAt(i) === ']') {
                    i++;
                    return a;
                }
                for (;;) {
                    a.push(value(depth + 1));
                    skip();
                    c = text.charAt(i++);
                    if (c === ']')
                        return a;
                    if (c !== ',')
                        fail();
                }
            }
            if (c === '"')
                return str();
            if (c === 't')
                return word('true', true);
            if (c === 'f')
                return word('false', false);
            if (c === 'n')
                return word('null', null);
            if (c === '-' || (c >= '0' && c <= '9'))
                return num();
            fail();
        }

        skip();
        if (text.charAt(i) !== '{' && text.charAt(i) !== '[')
            fail();
        var v = value(1);
        skip();
        if (i !== n)
            fail();
        return v;
    }

    /* JSON text of bytes, or null when the bytes are not UTF-8 or not JSON. */
    function jsonOfBytes(bytes) {
        var text = utf8(bytes);
        if (text === null)
            return null;
        try {
            return parseJson(text);
        } catch (e) {
            return null;
        }
    }

    /* ---------------------------------------------------------------- compact JWS */

    var JWS_CHAR = /^[A-Za-z0-9_.-]$/;

    function jwsChar(c) {
        return JWS_CHAR.test(c);
    }

    /* Three non-empty parts of base64url characters joined by dots (cred/qr.c's jws_shape). */
    function jwsShape(s) {
        return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(s);
    }

    function finding(status, reason) {
        return {status: status, reason: reason, kid: '', payload: null};
    }

    /* Check shape, header, key (by kid, from the pinned keys only) and signature, as
     * ck_cred_jws_open(). kind is 'token' or 'rl'. Resolves to {status, reason, kid, payload}. */
    function jwsOpen(text, keys, kind) {
        var what = kind === 'rl' ? 'revocation list' : 'token';
        if (text.length === 0)
            return Promise.resolve(finding('malformed', 'the ' + what + ' is empty'));
        var parts = text.split('.');
        if (parts.length < 3)
            return Promise.resolve(finding('malformed', 'the ' + what + ' has ' + parts.length +
                ' part(s); a signed ' + what + ' is three base64url parts joined by dots'));
        if (parts.length > 3)
            return Promise.resolve(finding('malformed', 'the ' + what + ' has more than three ' +
                'parts; a signed ' + what + ' is three base64url parts joined by dots'));

        var hdr = b64urlDecode(parts[0], HEADER_MAX);
        if (!hdr || hdr.length === 0)
            return Promise.resolve(finding('malformed', 'the ' + what +
                "'s header is not base64url (or is too long)"));
        var h = jsonOfBytes(hdr);
        if (!isObj(h))
            return Promise.resolve(finding('malformed', 'the ' + what +
                "'s header is not a JSON object"));
        var alg = h.get('alg');
        if (typeof alg !== 'string')
            return Promise.resolve(finding('malformed', 'the ' + what +
                '\'s header names no algorithm ("alg")'));
        if (alg !== 'EdDSA')
            return Promise.resolve(finding('bad-alg', 'the ' + what + ' uses the algorithm "' +
                shown(alg) + '"; only EdDSA (Ed25519) signatures are accepted'));
        var bad = null;
        h.forEach(function (v, name) {
            if (bad === null && name !== 'alg' && name !== 'kid' && name !== 'typ')
                bad = name;
        });
        if (bad !== null)
            return Promise.resolve(finding('malformed', 'the ' + what + '\'s header has the field "' +
                shown(bad) + '", not accepted'));
        var typ = h.has('typ') ? h.get('typ') : undefined;
        if (typ !== undefined && typeof typ !== 'string')
            return Promise.resolve(finding('malformed', 'the ' + what +
                '\'s header "typ" is not a string'));
        if (kind === 'token' && typ !== undefined && typ !== 'JWT')
            return Promise.resolve(finding('malformed', typ === RL_TYP
                ? 'this is a revocation list, not a certificate'
                : 'the token\'s type "' + shown(typ) + '" is not a certificate'));
        if (kind === 'rl' && typ !== RL_TYP)
            return Promise.resolve(finding('malformed', 'this is not a revocation list (its ' +
                'header has no "typ":"' + RL_TYP + '"); a certificate token cannot serve as one'));
        var kid = h.get('kid');
        if (typeof kid !== 'string')
            return Promise.resolve(finding('malformed', 'the ' + what +
                '\'s header names no key ("kid")'));
        var known = kid.length === KID_LEN && utf8Length(kid) === KID_LEN ? kid : '';
        var key = known && keys.has(known) ? keys.get(known) : null;
        if (!key) {
            var f = finding('unknown-key', 'the ' + what + ' was signed by key "' + shown(kid) +
                '", which is not among the ' + keys.size + ' pinned key(s)');
            f.kid = known;
            return Promise.resolve(f);
        }
        var result = finding('malformed', '');
        result.kid = known;
        if (parts[1].length === 0) {
            result.reason = 'the ' + what + ' has an empty payload';
            return Promise.resolve(result);
        }
        var sig = b64urlDecode(parts[2], SIG_BYTES);
        if (!sig || sig.length !== SIG_BYTES) {
            result.reason = 'the ' + what + '\'s signature is not 64 bytes of base64url (it may be ' +
                'unsigned)';
            return Promise.resolve(result);
        }
        var signed = asciiBytes(parts[0] + '.' + parts[1]);
        return crypto.subtle.verify('Ed25519', key, sig, signed).then(function (good) {
            if (!good) {
                result.status = 'bad-signature';
                result.reason = 'the ' + what + '\'s signature does not match: it was altered or ' +
                    'forged';
                return result;
            }
            var payload = b64urlDecode(parts[1], parts[1].length);
            if (!payload) {
                result.reason = 'the ' + what + '\'s payload is not base64url';
                return result;
            }
            result.status = 'valid';
            result.reason = 'the signature is good';
            result.payload = payload;
            return result;
        });
    }

    /* ---------------------------------------------------------------- certificate claims */

    function ClaimError(why) {
        this.why = why;
    }

    function getText(o, key, size, required) {
        if (!o.has(key)) {
            if (required)
                throw new ClaimError('the claim "' + key + '" is missing');
            return '';
        }
        var v = o.get(key);
        if (typeof v !== 'string' || utf8Length(v) >= size || !textOk(v) ||
            (required && v.length === 0))
            throw new ClaimError('the claim "' + key + '" is not text of 1 to ' + (size - 1) +
                ' bytes');
        return v;
    }

    function getTime(o, key) {
        var v = o.get(key);
        if (!isInt(v) || v.value < 0 || v.value > TIME_MAX)
            throw new ClaimError('the claim "' + key + '" is not a time in whole seconds');
        return v.value;
    }

    /* The claims of a token whose signature is good, checked as cred/token.c's parse_claims(). */
    function parseClaims(payload) {
        var o = jsonOfBytes(payload);
        if (!isObj(o))
            throw new ClaimError('its claims are not a JSON object');
        var c = {};
        c.iss = getText(o, 'iss', TEXT_MAX + 1, true);
        c.jti = getText(o, 'jti', JTI_MAX + 1, true);
        c.iat = getTime(o, 'iat');
        c.exp = getTime(o, 'exp');
        c.name = getText(o, 'nam', TEXT_MAX + 1, true);
        c.course = getText(o, 'crs', TEXT_MAX + 1, true);
        c.trainer = getText(o, 'trn', TEXT_MAX + 1, true);
        c.trainerCred = getText(o, 'tcr', TEXT_MAX + 1, false);
        c.location = getText(o, 'loc', TEXT_MAX + 1, false);
        if (!jtiOk(c.jti))
            throw new ClaimError('the claim "jti" is not a certificate id');
        if (c.exp <= c.iat)
            throw new ClaimError('it expires (exp) before it was issued (iat)');
        var days = o.get('dys');
        if (!Array.isArray(days) || days.length < 1 || days.length > MAX_DAYS)
            throw new ClaimError('the claim "dys" is not a list of 1 to ' + MAX_DAYS + ' dates');
        c.days = [];
        for (var i = 0; i < days.length; i++) {
            var d = days[i];
            if (typeof d !== 'string' || !dateOk(d) || (i > 0 && c.days[i - 1] >= d))
                throw new ClaimError('the claim "dys" is not a list of ascending dates YYYY-MM-DD');
            c.days.push(d);
        }
        var hrs = o.get('hrs');
        if (!isNum(hrs) || !isFinite(hrs.value) || hrs.value < HOURS_MIN || hrs.value > HOURS_MAX)
            throw new ClaimError('the claim "hrs" is not a number of hours');
        c.hours = hrs.value;
        return c;
    }

    /* The verdict on a token, as ck_cred_token_verify(): {status, reason, kid, claims,
     * revokedAt}. A listed id is revoked whatever its dates. */
    function verifyToken(jws, pinned, now) {
        var v = {status: 'malformed', reason: '', kid: '', claims: null, revokedAt: 0};
        if (jws.length > TOKEN_MAX) {
            v.reason = 'not a certificate: longer than ' + TOKEN_MAX + ' characters';
            return Promise.resolve(v);
        }
        return jwsOpen(jws, pinned.keys, 'token').then(function (o) {
            v.kid = o.kid;
            if (o.status !== 'valid') {
                v.status = o.status;
                v.reason = o.reason;
                return v;
            }
            var c;
            try {
                c = parseClaims(o.payload);
            } catch (e) {
                if (!(e instanceof ClaimError))
                    throw e;
                v.reason = 'signed, but not a certificate: ' + e.why;
                return v;
            }
            v.claims = c;
            if (pinned.revoked.has(c.jti)) {
                v.revokedAt = pinned.revoked.get(c.jti);
                v.status = 'revoked';
                v.reason = 'certificate ' + c.jti + ' was revoked on ' + fmtTime(v.revokedAt);
            } else if (now < c.iat - CLOCK_SKEW) {
                v.status = 'not-yet-valid';
                v.reason = 'certificate ' + c.jti + ' is dated ' + fmtTime(c.iat) +
                    ', in the future; check this device\'s clock';
            } else if (now >= c.exp) {
                v.status = 'expired';
                v.reason = 'certificate ' + c.jti + ' expired on ' + fmtTime(c.exp);
            } else {
                v.status = 'valid';
                v.reason = 'certificate ' + c.jti + ' is genuine and valid until ' + fmtTime(c.exp);
            }
            return v;
        });
    }

    /* ---------------------------------------------------------------- pinned keys and list */

    function Unusable(status, reason) {
        this.status = status; /* 'unsupported' or 'unavailable' */
        this.reason = reason;
    }

    function thumbprint(x) {
        var input = '{"crv":"Ed25519","kty":"OKP","x":"' + x + '"}';
        return crypto.subtle.digest('SHA-256', asciiBytes(input)).then(function (h) {
            return b64urlEncode(new Uint8Array(h));
        });
    }

    /* One pinned JWK: its kid (the RFC 7638 thumbprint, checked) and a WebCrypto key. */
    function importKey(jwk, index) {
        var where = 'pinned key ' + (index + 1);
        if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
            return Promise.reject(new Unusable('unavailable', where + ' is not an Ed25519 key'));
        if ('d' in jwk)
            return Promise.reject(new Unusable('unavailable', where + ' holds a private key'));
        if (typeof jwk.x !== 'string' || jwk.x.length !== KID_LEN ||
            !b64urlDecode(jwk.x, PK_BYTES) || b64urlDecode(jwk.x, PK_BYTES).length !== PK_BYTES)
            return Promise.reject(new Unusable('unavailable', where + ' has no 32-byte "x"'));
        return thumbprint(jwk.x).then(function (kid) {
            if (jwk.kid !== undefined && jwk.kid !== kid)
                throw new Unusable('unavailable', where + '\'s "kid" is not its thumbprint');
            return crypto.subtle.importKey('jwk', {kty: 'OKP', crv: 'Ed25519', x: jwk.x},
                {name: 'Ed25519'}, false, ['verify']).then(function (key) {
                return {kid: kid, key: key};
            }, function (e) {
                if (e && (e.name === 'NotSupportedError' || e.name === 'TypeError'))
                    throw new Unusable('unsupported', 'this browser has no Ed25519 in WebCrypto (' +
                        e.name + ')');
                throw new Unusable('unavailable', where + ' cannot be used: ' +
                    (e && e.message ? e.message : String(e)));
            });
        });
    }

    /* The signed revocation list's claims, checked as cred/revoke.c's parse_list(). */
    function parseList(payload) {
        var o = jsonOfBytes(payload);
        if (!isObj(o))
            throw new ClaimError('its claims are not a JSON object');
        var iss = o.get('iss'), iat = o.get('iat'), rev = o.get('rev');
        if (typeof iss !== 'string' || iss.length === 0 || utf8Length(iss) > TEXT_MAX ||
            !textOk(iss))
            throw new ClaimError('its issuer ("iss") is not text of 1 to ' + TEXT_MAX + ' bytes');
        if (!isInt(iat) || iat.value < 0 || iat.value > TIME_MAX)
            throw new ClaimError('its time ("iat") is not whole seconds');
        if (!Array.isArray(rev) || rev.length > RL_MAX_ENTRIES)
            throw new ClaimError('it has no "rev" list of at most ' + RL_MAX_ENTRIES + ' entries');
        var list = new Map();
        for (var i = 0; i < rev.length; i++) {
            var e = rev[i];
            var jti = isObj(e) ? e.get('jti') : undefined, at = isObj(e) ? e.get('at') : undefined;
            if (typeof jti !== 'string' || !jtiOk(jti) || !isInt(at) || at.value < 0 ||
                at.value > TIME_MAX)
                throw new ClaimError('entry ' + (i + 1) + ' is not {"jti": certificate id, "at": ' +
                    'seconds}');
            if (list.has(jti))
                throw new ClaimError('it lists certificate ' + jti + ' twice');
            list.set(jti, at.value);
        }
        return {iss: iss, iat: iat.value, revoked: list};
    }

    /* Read data.js: the issuer, the pinned keys and the revocation list (its signature checked
     * with those keys). Resolves to the pinned set or rejects with an Unusable. */
    function loadPinned() {
        var d = window.CK_PINNED;
        if (!window.isSecureContext || !window.crypto || !window.crypto.subtle)
            return Promise.reject(new Unusable('unsupported', window.isSecureContext === false
                ? 'the page was not opened over https, so the browser offers no signature checks'
                : 'this browser has no WebCrypto'));
        if (!d || typeof d !== 'object' || d.format !== DATA_FORMAT)
            return Promise.reject(new Unusable('unavailable', 'data.js, the issuer\'s pinned ' +
                'keys, is missing or from another version of this page'));
        if (typeof d.issuer !== 'string' || typeof d.exported !== 'number' ||
            !Array.isArray(d.keys) || d.keys.length < 1 || d.keys.length > MAX_KEYS ||
            typeof d.revocations !== 'string')
            return Promise.reject(new Unusable('unavailable', 'data.js is incomplete'));
        var pinned = {
            issuer: d.issuer,
            exported: d.exported,
            generator: typeof d.generator === 'string' ? d.generator : '',
            keys: new Map(),
            revoked: new Map(),
            listIssued: 0,
            listKid: ''
        };
        return Promise.all(d.keys.map(importKey)).then(function (keys) {
            keys.forEach(function (k) {
                if (pinned.keys.has(k.kid))
                    throw new Unusable('unavailable', 'data.js pins key ' + k.kid + ' twice');
                pinned.keys.set(k.kid, k.key);
            });
            var text = d.revocations.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
            if (text.length === 0 || text.length > RL_MAX_TEXT)
                throw new Unusable('unavailable', 'the pinned revocation list is empty or too long');
            return jwsOpen(text, pinned.keys, 'rl');
        }).then(function (o) {
            if (o.status !== 'valid')
                throw new Unusable('unavailable', 'the pinned revocation list was refused: ' +
                    o.reason);
            var list;
            try {
                list = parseList(o.payload);
            } catch (e) {
                if (!(e instanceof ClaimError))
                    throw e;
                throw new Unusable('unavailable', 'the pinned revocation list was refused: ' +
                    'signed, but ' + e.why);
            }
            pinned.revoked = list.revoked;
            pinned.listIssued = list.iat;
            pinned.listKid = o.kid;
            return pinned;
        });
    }

    /* ---------------------------------------------------------------- reading the input */

    /* The token in a URL fragment: digit pairs (code - 45 each) or a raw token. Returns
     * {empty}, {jws} or {error}. */
    function tokenFromHash(hash) {
        var h = hash.charAt(0) === '#' ? hash.slice(1) : hash;
        try {
            h = decodeURIComponent(h);
        } catch (e) {
            return {error: 'the link\'s fragment is not valid percent-encoding'};
        }
        h = h.replace(/^\s+|\s+$/g, '');
        if (h.length === 0)
            return {empty: true};
        if (h.length > QR_TEXT_MAX)
            return {error: 'the link holds ' + h.length + ' characters, more than a certificate ' +
                'QR code holds (' + QR_TEXT_MAX + ')'};
        if (jwsShape(h))
            return {jws: h};
        if (!/^[0-9]+$/.test(h))
            return {error: 'the link does not end in a certificate token (digits after "#")'};
        if (h.length % 2 !== 0)
            return {error: 'the link has an odd number of digits: it was cut short; scan the ' +
                'code again'};
        return undigit(h);
    }

    /* Decode digit pairs into a token. */
    function undigit(digits) {
        if (digits.length / 2 > TOKEN_MAX)
            return {error: 'the token is longer than ' + TOKEN_MAX + ' characters'};
        var out = '';
        for (var i = 0; i < digits.length; i += 2) {
            var c = String.fromCharCode(+digits.slice(i, i + 2) + 45);
            if (!jwsChar(c))
                return {error: 'digits ' + (i + 1) + '-' + (i + 2) + ' ("' + digits.slice(i, i + 2) +
                    '") do not stand for a token character: the code is damaged or not a ' +
                    'certificate'};
            out += c;
        }
        if (!jwsShape(out))
            return {error: 'the digits do not spell a signed token (three parts joined by dots)'};
        return {jws: out};
    }

    /* The token in pasted or scanned text, as ck_cred_qr_decode(): a raw token, prefix + digits,
     * a URL whose fragment is the digits, or a keyboard-wedge scan with a mangled prefix. */
    function tokenFromText(text) {
        if (text.length > QR_TEXT_MAX)
            return {error: 'the text is ' + text.length + ' characters, more than a ' +
                'certificate QR code holds (' + QR_TEXT_MAX + ')'};
        var t = text.replace(/^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/g, '');
        if (t.length === 0)
            return {empty: true};
        if (jwsShape(t))
            return {jws: t};
        var m = /[0-9]*$/.exec(t)[0];
        /* A '#' a keyboard layout turned into a digit leaves one digit too many: drop it. */
        if (m.length % 2 === 1)
            m = m.slice(1);
        if (m.length < 2)
            return {error: 'the text does not end in the digits of a certificate token; paste ' +
                'the whole text of the QR code'};
        return undigit(m);
    }

    /* ---------------------------------------------------------------- showing the result */

    var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
        'September', 'October', 'November', 'December'];

    function pad2(n) {
        return (n < 10 ? '0' : '') + n;
    }

    /* "11 March 2027, 13:33 UTC" */
    function fmtTime(t) {
        var d = new Date(t * 1000);
        return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear() + ', ' +
            pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ' UTC';
    }

    /* "11 March 2027" */
    function fmtDate(t) {
        var d = new Date(t * 1000);
        return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
    }

    function joinAnd(items) {
        if (items.length < 2)
            return items.join('');
        return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
    }

    /* Course dates as a person reads them: "10 and 11 March 2025". */
    function fmtDays(days) {
        var groups = [];
        days.forEach(function (s) {
            var y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10);
            var g = groups[groups.length - 1];
            if (g && g.y === y && g.m === m)
                g.d.push(String(d));
            else
                groups.push({y: y, m: m, d: [String(d)]});
        });
        return groups.map(function (g, i) {
            var next = groups[i + 1];
            return joinAnd(g.d) + ' ' + MONTHS[g.m - 1] + (!next || next.y !== g.y ? ' ' + g.y : '');
        }).join(', ');
    }

    function fmtHours(h) {
        return String(Math.round(h * 100) / 100);
    }

    function byId(id) {
        return document.getElementById(id);
    }

    function setText(id, text) {
        byId(id).textContent = text;
    }

    function clear(node) {
        while (node.firstChild)
            node.removeChild(node.firstChild);
    }

    /* One row of facts; kind 'half' shares a line with its neighbour, 'code' is an id. */
    function addFact(dl, field, label, value, kind) {
        var row = document.createElement('div');
        row.setAttribute('data-field', field);
        if (kind === 'half')
            row.className = 'half';
        var dt = document.createElement('dt');
        dt.textContent = label;
        var dd = document.createElement('dd');
        dd.textContent = value;
        if (kind === 'code')
            dd.className = 'code';
        row.appendChild(dt);
        row.appendChild(dd);
        dl.appendChild(row);
    }

    function showVerdict(status, reason, title, summary, detail) {
        var box = byId('verdict');
        box.setAttribute('data-status', status);
        if (reason)
            box.setAttribute('data-reason', reason);
        else
            box.removeAttribute('data-reason');
        setText('verdict-title', title);
        setText('verdict-text', summary);
        setText('verdict-detail', detail || '');
    }

    function showDetails(c, note) {
        var section = byId('details');
        setText('details-note', note);
        setText('holder', c.name);
        var dl = byId('facts');
        clear(dl);
        addFact(dl, 'course', 'Course', c.course);
        addFact(dl, 'dates', c.days.length === 1 ? 'Date' : 'Dates', fmtDays(c.days));
        addFact(dl, 'hours', 'Contact hours', fmtHours(c.hours), c.location ? 'half' : '');
        if (c.location)
            addFact(dl, 'location', 'Location', c.location, 'half');
        addFact(dl, 'trainer', 'Trainer', c.trainer + (c.trainerCred ? ' · ' + c.trainerCred : ''));
        addFact(dl, 'id', 'Certificate ID', c.jti, 'code');
        addFact(dl, 'issued', 'Issued', fmtTime(c.iat), 'half');
        addFact(dl, 'valid-until', 'Valid until', fmtTime(c.exp), 'half');
        addFact(dl, 'issuer', 'Issued by', c.iss);
        section.hidden = false;
    }

    function hideDetails() {
        byId('details').hidden = true;
        clear(byId('facts'));
    }

    var NOT_GENUINE = {
        'bad-signature': 'The certificate was altered or forged: its signature does not match ' +
            'what was signed.',
        'unknown-key': 'It was not signed with any of the issuer\'s keys.',
        'bad-alg': 'It does not carry an Ed25519 signature, so nothing vouches for it.',
        'malformed': 'This is not a readable certificate. If you scanned it, scan it again.'
    };

    function showResult(v, pinned) {
        var c = v.claims;
        switch (v.status) {
        case 'valid':
            showVerdict('valid', '', 'Valid', 'Genuine certificate of ' + pinned.issuer + '.',
                'Check that the name below matches the person and the paper.');
            showDetails(c, 'The certificate says:');
            break;
        case 'expired':
            showVerdict('expired', '', 'Expired', 'Genuine, but it expired on ' + fmtDate(c.exp) +
                '.', 'Ask the holder for a current certificate.');
            showDetails(c, 'The expired certificate says:');
            break;
        case 'revoked':
            showVerdict('revoked', '', 'Revoked', 'The issuer withdrew this certificate on ' +
                fmtDate(v.revokedAt) + '.', 'Do not accept it.');
            showDetails(c, 'The withdrawn certificate says:');
            break;
        case 'not-yet-valid':
            showVerdict('not-yet-valid', '', 'Not yet valid', 'It is dated ' + fmtDate(c.iat) +
                ', in the future. Check this device\'s date and time.', '');
            showDetails(c, 'The certificate says:');
            break;
        default:
            showVerdict('not-genuine', v.status, 'Not genuine', NOT_GENUINE[v.status] ||
                NOT_GENUINE.malformed, 'Why: ' + v.reason + '.');
            hideDetails();
        }
    }

    function showUnusable(u) {
        hideDetails();
        if (u.status === 'unsupported')
            showVerdict('unsupported', '', 'Cannot check', 'This browser cannot check ' +
                'signatures; use a current Chrome, Safari or Firefox, or the classkiosk CLI.',
                'Nothing was checked: ' + u.reason + '.');
        else
            showVerdict('unavailable', '', 'Cannot check', 'This copy of the page is ' +
                'damaged, so nothing was checked. Get the page again from the issuer, or use ' +
                'the classkiosk CLI.', 'Why: ' + u.reason + '.');
    }

    function showEmpty(pinned) {
        hideDetails();
        showVerdict('empty', '', 'Scan a certificate', 'Point your phone\'s camera at the QR ' +
            'code on a certificate from ' + pinned.issuer + '.', 'No camera at hand? Paste the ' +
            'text of the QR code below.');
    }

    function showPinned(pinned) {
        var text = 'Keys and revocation list of ' + pinned.issuer + ', exported ' +
            fmtTime(pinned.exported) + '.';
        if (pinned.listIssued)
            text += ' The list, signed ' + fmtTime(pinned.listIssued) + ', withdraws ' +
                pinned.revoked.size + (pinned.revoked.size === 1 ? ' certificate.' :
                ' certificates.');
        setText('pinned', text);
    }

    /* What data.js claims, when its contents could not be checked. */
    function showPinnedUnchecked() {
        var d = window.CK_PINNED;
        if (d && typeof d.issuer === 'string' && typeof d.exported === 'number')
            setText('pinned', 'This page was exported for ' + d.issuer + ' on ' +
                fmtTime(d.exported) + '.');
    }

    /* ---------------------------------------------------------------- wiring */

    var issuerName = window.CK_PINNED && typeof window.CK_PINNED.issuer === 'string'
        ? window.CK_PINNED.issuer : '';
    setText('issuer', issuerName);

    var pinnedReady = loadPinned();
    var runs = 0;

    /* Check what source() returns; a later run makes an earlier one drop its result. */
    function run(input) {
        var mine = ++runs;
        pinnedReady.then(function (pinned) {
            showPinned(pinned);
            if (input.empty) {
                showEmpty(pinned);
                return null;
            }
            if (input.error) {
                showResult({status: 'malformed', reason: input.error, kid: '', claims: null},
                    pinned);
                return null;
            }
            return verifyToken(input.jws, pinned, Math.floor(Date.now() / 1000)).then(function (v) {
                if (mine === runs)
                    showResult(v, pinned);
            });
        }).catch(function (e) {
            if (mine !== runs)
                return;
            showPinnedUnchecked();
            showUnusable(e instanceof Unusable ? e : new Unusable('unavailable',
                'the check itself failed (' + (e && e.message ? e.message : String(e)) + ')'));
        });
    }

    window.addEventListener('hashchange', function () {
        run(tokenFromHash(location.hash));
        window.scrollTo(0, 0);
    });

    byId('paste-form').addEventListener('submit', function (ev) {
        ev.preventDefault();
        var input = tokenFromText(byId('paste').value);
        if (input.jws && history.replaceState)
            history.replaceState(null, '', '#' + input.jws);
        run(input);
        window.scrollTo(0, 0);
    });

    run(tokenFromHash(location.hash));
})();
