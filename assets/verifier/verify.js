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

    /* ---------------------------------------------------------------- languages */

    /* The page's words in classkiosk's five languages. Written here, not taken from the
     * station's gettext catalogue: the page is static files that work offline. {x} is filled
     * in by say(). The technical reason after "Why:" is the checker's own (the same sentence
     * as the station's CLI in English) and stays English. */
    var WORDS = {
        en: {
            name: 'English', language: 'Language', title: 'Certificate check',
            checking: 'Checking…', intro: 'This page checks the certificate on this device.',
            valid: 'Valid', validSum: 'Genuine certificate of {issuer}.',
            validHint: 'Check that the name below matches the person and the paper.',
            says: 'The certificate says:',
            expired: 'Expired', expiredSum: 'Genuine, but it expired on {date}.',
            expiredHint: 'Ask the holder for a current certificate.',
            expiredSays: 'The expired certificate says:',
            revoked: 'Revoked', revokedSum: 'The issuer withdrew this certificate on {date}.',
            revokedHint: 'Do not accept it.', revokedSays: 'The withdrawn certificate says:',
            future: 'Not yet valid',
            futureSum: 'It is dated {date}, in the future. Check this device\'s date and time.',
            notGenuine: 'Not genuine',
            'bad-signature': 'The certificate was altered or forged: its signature does not ' +
                'match what was signed.',
            'unknown-key': 'It was not signed with any of the issuer\'s keys.',
            'bad-alg': 'It does not carry an Ed25519 signature, so nothing vouches for it.',
            malformed: 'This is not a readable certificate. If you scanned it, scan it again.',
            why: 'Why: {reason}.',
            cannot: 'Cannot check',
            unsupportedSum: 'This browser cannot check signatures; use a current Chrome, ' +
                'Safari or Firefox, or the classkiosk CLI.',
            nothingChecked: 'Nothing was checked: {reason}.',
            unavailableSum: 'This copy of the page is damaged, so nothing was checked. Get the ' +
                'page again from the issuer, or use the classkiosk CLI.',
            scan: 'Scan a certificate',
            scanSum: 'Point your phone\'s camera at the QR code on a certificate from {issuer}.',
            scanHint: 'No camera at hand? Paste the text of the QR code below.',
            pinned: 'Keys and revocation list of {issuer}, exported {time}.',
            listOne: ' The list, signed {time}, withdraws {n} certificate.',
            listMany: ' The list, signed {time}, withdraws {n} certificates.',
            exportedFor: 'This page was exported for {issuer} on {time}.',
            pinnedStatic: 'The issuer\'s keys are built into this page.',
            local: 'Checked on this device: the certificate is not sent anywhere.',
            pasteLabel: 'Check by text: paste the text of a certificate\'s QR code, or its token.',
            check: 'Check',
            holder: 'Holder', course: 'Course', date: 'Date', dates: 'Dates',
            hours: 'Contact hours', location: 'Location', trainer: 'Trainer',
            id: 'Certificate ID', issued: 'Issued', validUntil: 'Valid until',
            issuedBy: 'Issued by',
            and: ' and ', time: '{date}, {hm} UTC', decimal: '.',
            months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
                'September', 'October', 'November', 'December']
        },
        de: {
            name: 'Deutsch', language: 'Sprache', title: 'Zertifikatsprüfung',
            checking: 'Wird geprüft …', intro: 'Diese Seite prüft das Zertifikat auf diesem Gerät.',
            valid: 'Gültig', validSum: 'Echtes Zertifikat von {issuer}.',
            validHint: 'Prüfen Sie, ob der Name unten zur Person und zum Papier passt.',
            says: 'Das Zertifikat besagt:',
            expired: 'Abgelaufen', expiredSum: 'Echt, aber am {date} abgelaufen.',
            expiredHint: 'Bitten Sie die Person, die es vorlegt, um ein aktuelles Zertifikat.',
            expiredSays: 'Das abgelaufene Zertifikat besagt:',
            revoked: 'Widerrufen',
            revokedSum: 'Der Aussteller hat dieses Zertifikat am {date} widerrufen.',
            revokedHint: 'Akzeptieren Sie es nicht.',
            revokedSays: 'Das widerrufene Zertifikat besagt:',
            future: 'Noch nicht gültig',
            futureSum: 'Es ist auf den {date} datiert, also in der Zukunft. Prüfen Sie Datum und ' +
                'Uhrzeit dieses Geräts.',
            notGenuine: 'Nicht echt',
            'bad-signature': 'Das Zertifikat wurde verändert oder gefälscht: Seine Signatur ' +
                'passt nicht zu dem, was signiert wurde.',
            'unknown-key': 'Es wurde mit keinem der Schlüssel des Ausstellers signiert.',
            'bad-alg': 'Es trägt keine Ed25519-Signatur, also bürgt nichts für seine Echtheit.',
            malformed: 'Das ist kein lesbares Zertifikat. Wenn Sie es gescannt haben, scannen ' +
                'Sie es erneut.',
            why: 'Grund (englisch): {reason}.',
            cannot: 'Prüfung nicht möglich',
            unsupportedSum: 'Dieser Browser kann keine Signaturen prüfen; verwenden Sie ein ' +
                'aktuelles Chrome, Safari oder Firefox oder die classkiosk-Befehlszeile.',
            nothingChecked: 'Nichts wurde geprüft (englisch): {reason}.',
            unavailableSum: 'Diese Kopie der Seite ist beschädigt, daher wurde nichts geprüft. ' +
                'Holen Sie die Seite erneut beim Aussteller oder verwenden Sie die ' +
                'classkiosk-Befehlszeile.',
            scan: 'Zertifikat scannen',
            scanSum: 'Richten Sie die Kamera Ihres Telefons auf den QR-Code eines Zertifikats ' +
                'von {issuer}.',
            scanHint: 'Keine Kamera zur Hand? Fügen Sie unten den Text des QR-Codes ein.',
            pinned: 'Schlüssel und Widerrufsliste von {issuer}, exportiert am {time}.',
            listOne: ' Die Liste, signiert am {time}, widerruft {n} Zertifikat.',
            listMany: ' Die Liste, signiert am {time}, widerruft {n} Zertifikate.',
            exportedFor: 'Diese Seite wurde am {time} für {issuer} exportiert.',
            pinnedStatic: 'Die Schlüssel des Ausstellers sind in diese Seite eingebaut.',
            local: 'Geprüft auf diesem Gerät: Das Zertifikat wird nirgendwohin gesendet.',
            pasteLabel: 'Per Text prüfen: Fügen Sie den Text des QR-Codes eines Zertifikats ' +
                'oder sein Token ein.',
            check: 'Prüfen',
            holder: 'Ausgestellt für', course: 'Kurs', date: 'Datum', dates: 'Termine',
            hours: 'Kontaktstunden', location: 'Ort', trainer: 'Trainer',
            id: 'Zertifikats-ID', issued: 'Ausgestellt', validUntil: 'Gültig bis',
            issuedBy: 'Ausgestellt von',
            and: ' und ', time: '{date}, {hm} UTC', decimal: ',', dayDot: true,
            months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August',
                'September', 'Oktober', 'November', 'Dezember']
        },
        fr: {
            name: 'Français', language: 'Langue', title: 'Vérifier un certificat',
            checking: 'Vérification…', intro: 'Cette page vérifie le certificat sur cet appareil.',
            valid: 'Valide', validSum: 'Certificat authentique de {issuer}.',
            validHint: 'Vérifiez que le nom ci-dessous correspond à la personne et au document ' +
                'papier.',
            says: 'Le certificat indique :',
            expired: 'Expiré', expiredSum: 'Authentique, mais il a expiré le {date}.',
            expiredHint: 'Demandez à son titulaire un certificat en cours de validité.',
            expiredSays: 'Le certificat expiré indique :',
            revoked: 'Révoqué', revokedSum: 'L’émetteur a révoqué ce certificat le {date}.',
            revokedHint: 'Ne l’acceptez pas.', revokedSays: 'Le certificat révoqué indique :',
            future: 'Pas encore valide',
            futureSum: 'Il est daté du {date}, dans le futur. Vérifiez la date et l’heure de ' +
                'cet appareil.',
            notGenuine: 'Non authentique',
            'bad-signature': 'Le certificat a été modifié ou falsifié : sa signature ne ' +
                'correspond pas à ce qui a été signé.',
            'unknown-key': 'Il n’a été signé avec aucune des clés de l’émetteur.',
            'bad-alg': 'Il ne porte pas de signature Ed25519 : rien ne garantit son ' +
                'authenticité.',
            malformed: 'Ce n’est pas un certificat lisible. Si vous l’avez scanné, scannez-le ' +
                'à nouveau.',
            why: 'Motif (en anglais) : {reason}.',
            cannot: 'Vérification impossible',
            unsupportedSum: 'Ce navigateur ne sait pas vérifier les signatures ; utilisez une ' +
                'version récente de Chrome, Safari ou Firefox, ou la ligne de commande ' +
                'classkiosk.',
            nothingChecked: 'Rien n’a été vérifié (en anglais) : {reason}.',
            unavailableSum: 'Cette copie de la page est endommagée, rien n’a donc été vérifié. ' +
                'Récupérez la page auprès de l’émetteur, ou utilisez la ligne de commande ' +
                'classkiosk.',
            scan: 'Scannez un certificat',
            scanSum: 'Dirigez l’appareil photo de votre téléphone vers le code QR d’un ' +
                'certificat de {issuer}.',
            scanHint: 'Pas d’appareil photo sous la main ? Collez le texte du code QR ci-dessous.',
            pinned: 'Clés et liste de révocation de {issuer}, exportées le {time}.',
            listOne: ' La liste, signée le {time}, révoque {n} certificat.',
            listMany: ' La liste, signée le {time}, révoque {n} certificats.',
            exportedFor: 'Cette page a été exportée pour {issuer} le {time}.',
            pinnedStatic: 'Les clés de l’émetteur sont intégrées à cette page.',
            local: 'Vérifié sur cet appareil : le certificat n’est envoyé nulle part.',
            pasteLabel: 'Vérifier par le texte : collez le texte du code QR d’un certificat, ou ' +
                'son jeton.',
            check: 'Vérifier',
            holder: 'Titulaire', course: 'Formation', date: 'Date', dates: 'Dates',
            hours: 'Heures de formation', location: 'Lieu', trainer: 'Formateur',
            id: 'Identifiant du certificat', issued: 'Délivré le', validUntil: 'Valable jusqu’au',
            issuedBy: 'Délivré par',
            and: ' et ', time: '{date} à {hm} UTC', decimal: ',', oneIsSingular: true,
            months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
                'septembre', 'octobre', 'novembre', 'décembre']
        },
        es: {
            name: 'Español', language: 'Idioma', title: 'Comprobar un certificado',
            checking: 'Comprobando…',
            intro: 'Esta página comprueba el certificado en este dispositivo.',
            valid: 'Válido', validSum: 'Certificado auténtico de {issuer}.',
            validHint: 'Compruebe que el nombre de abajo coincide con la persona y con el papel.',
            says: 'El certificado indica:',
            expired: 'Caducado', expiredSum: 'Auténtico, pero caducó el {date}.',
            expiredHint: 'Pida a su titular un certificado vigente.',
            expiredSays: 'El certificado caducado indica:',
            revoked: 'Revocado', revokedSum: 'El emisor revocó este certificado el {date}.',
            revokedHint: 'No lo acepte.', revokedSays: 'El certificado revocado indica:',
            future: 'Aún no es válido',
            futureSum: 'Tiene fecha del {date}, en el futuro. Compruebe la fecha y la hora de ' +
                'este dispositivo.',
            notGenuine: 'No auténtico',
            'bad-signature': 'El certificado fue alterado o falsificado: su firma no coincide ' +
                'con lo que se firmó.',
            'unknown-key': 'No se firmó con ninguna de las claves del emisor.',
            'bad-alg': 'No lleva una firma Ed25519, así que nada garantiza su autenticidad.',
            malformed: 'Esto no es un certificado legible. Si lo escaneó, escanéelo de nuevo.',
            why: 'Motivo (en inglés): {reason}.',
            cannot: 'No se puede comprobar',
            unsupportedSum: 'Este navegador no puede comprobar firmas; use una versión actual ' +
                'de Chrome, Safari o Firefox, o la línea de comandos de classkiosk.',
            nothingChecked: 'No se comprobó nada (en inglés): {reason}.',
            unavailableSum: 'Esta copia de la página está dañada, así que no se comprobó nada. ' +
                'Obtenga la página de nuevo del emisor o use la línea de comandos de classkiosk.',
            scan: 'Escanee un certificado',
            scanSum: 'Apunte la cámara de su teléfono al código QR de un certificado de {issuer}.',
            scanHint: '¿No tiene una cámara a mano? Pegue abajo el texto del código QR.',
            pinned: 'Claves y lista de revocación de {issuer}, exportadas el {time}.',
            listOne: ' La lista, firmada el {time}, revoca {n} certificado.',
            listMany: ' La lista, firmada el {time}, revoca {n} certificados.',
            exportedFor: 'Esta página se exportó para {issuer} el {time}.',
            pinnedStatic: 'Las claves del emisor están integradas en esta página.',
            local: 'Comprobado en este dispositivo: el certificado no se envía a ninguna parte.',
            pasteLabel: 'Comprobar por texto: pegue el texto del código QR de un certificado, o ' +
                'su token.',
            check: 'Comprobar',
            holder: 'Titular', course: 'Curso', date: 'Fecha', dates: 'Fechas',
            hours: 'Horas de formación', location: 'Lugar', trainer: 'Formador',
            id: 'ID del certificado', issued: 'Emitido', validUntil: 'Válido hasta',
            issuedBy: 'Emitido por',
            and: ' y ', time: '{date}, {hm} UTC', decimal: ',', monthDe: true,
            months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto',
                'septiembre', 'octubre', 'noviembre', 'diciembre']
        },
        'pt-BR': {
            name: 'Português', language: 'Idioma', title: 'Verificar um certificado',
            checking: 'Verificando…',
            intro: 'Esta página verifica o certificado neste dispositivo.',
            valid: 'Válido', validSum: 'Certificado autêntico de {issuer}.',
            validHint: 'Confira se o nome abaixo corresponde à pessoa e ao papel.',
            says: 'O certificado diz:',
            expired: 'Expirado', expiredSum: 'Autêntico, mas expirou em {date}.',
            expiredHint: 'Peça ao titular um certificado válido.',
            expiredSays: 'O certificado expirado diz:',
            revoked: 'Revogado', revokedSum: 'O emissor revogou este certificado em {date}.',
            revokedHint: 'Não o aceite.', revokedSays: 'O certificado revogado diz:',
            future: 'Ainda não é válido',
            futureSum: 'Ele tem data de {date}, no futuro. Confira a data e a hora deste ' +
                'dispositivo.',
            notGenuine: 'Não autêntico',
            'bad-signature': 'O certificado foi alterado ou falsificado: a assinatura não ' +
                'corresponde ao que foi assinado.',
            'unknown-key': 'Ele não foi assinado com nenhuma das chaves do emissor.',
            'bad-alg': 'Ele não tem uma assinatura Ed25519, então nada garante sua autenticidade.',
            malformed: 'Isto não é um certificado legível. Se você o escaneou, escaneie de novo.',
            why: 'Motivo (em inglês): {reason}.',
            cannot: 'Não é possível verificar',
            unsupportedSum: 'Este navegador não consegue verificar assinaturas; use uma versão ' +
                'atual do Chrome, Safari ou Firefox, ou a linha de comando do classkiosk.',
            nothingChecked: 'Nada foi verificado (em inglês): {reason}.',
            unavailableSum: 'Esta cópia da página está danificada, então nada foi verificado. ' +
                'Obtenha a página de novo com o emissor ou use a linha de comando do classkiosk.',
            scan: 'Escaneie um certificado',
            scanSum: 'Aponte a câmera do seu celular para o código QR de um certificado de ' +
                '{issuer}.',
            scanHint: 'Sem câmera por perto? Cole abaixo o texto do código QR.',
            pinned: 'Chaves e lista de revogação de {issuer}, exportadas em {time}.',
            listOne: ' A lista, assinada em {time}, revoga {n} certificado.',
            listMany: ' A lista, assinada em {time}, revoga {n} certificados.',
            exportedFor: 'Esta página foi exportada para {issuer} em {time}.',
            pinnedStatic: 'As chaves do emissor estão embutidas nesta página.',
            local: 'Verificado neste dispositivo: o certificado não é enviado a lugar nenhum.',
            pasteLabel: 'Verificar por texto: cole o texto do código QR de um certificado, ou o ' +
                'token dele.',
            check: 'Verificar',
            holder: 'Titular', course: 'Curso', date: 'Data', dates: 'Datas',
            hours: 'Carga horária', location: 'Local', trainer: 'Instrutor',
            id: 'ID do certificado', issued: 'Emitido em', validUntil: 'Válido até',
            issuedBy: 'Emitido por',
            and: ' e ', time: '{date}, {hm} UTC', decimal: ',', monthDe: true,
            oneIsSingular: true,
            months: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto',
                'setembro', 'outubro', 'novembro', 'dezembro']
        }
    };
    var LANGS = ['en', 'de', 'fr', 'es', 'pt-BR'];

    /* One of LANGS for a language tag ("de-AT" -> "de", "pt" and "pt-PT" -> "pt-BR"), or ''. */
    function langOf(tag) {
        var t = String(tag || '').toLowerCase().replace('_', '-');
        for (var i = 0; i < LANGS.length; i++) {
            var base = LANGS[i].toLowerCase().split('-')[0];
            if (t === LANGS[i].toLowerCase() || t === base || t.indexOf(base + '-') === 0)
                return LANGS[i];
        }
        return '';
    }

    /* The language: ?lang= (what the switch sets), else the first of the browser's languages
     * the page has, else English. */
    function pickLang() {
        var m = /[?&]lang=([A-Za-z_-]+)/.exec(location.search);
        var chosen = m ? langOf(m[1]) : '';
        var prefs = navigator.languages && navigator.languages.length ? navigator.languages
            : [navigator.language];
        for (var i = 0; !chosen && i < prefs.length; i++)
            chosen = langOf(prefs[i]);
        return chosen || 'en';
    }

    var lang = pickLang();

    /* The words of key in the page's language, {name} filled from args. */
    function say(key, args) {
        var w = WORDS[lang][key];
        return String(w).replace(/\{([a-z]+)\}/g, function (all, name) {
            return args && name in args ? String(args[name]) : all;
        });
    }

    /* The fixed words of the page (elements marked data-w) and its language attribute. */
    function showFixedWords() {
        document.documentElement.setAttribute('lang', lang);
        document.title = say('title');
        var marked = document.querySelectorAll('[data-w]');
        for (var i = 0; i < marked.length; i++)
            marked[i].textContent = say(marked[i].getAttribute('data-w'));
    }

    /* The switch offers the languages by their own names. */
    function buildSwitch(onChange) {
        var sel = byId('lang');
        LANGS.forEach(function (code) {
            var o = document.createElement('option');
            o.value = code;
            o.textContent = WORDS[code].name;
            o.setAttribute('lang', code);
            sel.appendChild(o);
        });
        sel.value = lang;
        sel.addEventListener('change', function () {
            lang = langOf(sel.value) || 'en';
            onChange();
        });
    }

    /* ---------------------------------------------------------------- showing the result */

    function pad2(n) {
        return (n < 10 ? '0' : '') + n;
    }

    /* A day of the month as the language writes it before its month: "11", "11." */
    function dayNum(d) {
        return String(d) + (WORDS[lang].dayDot ? '.' : '');
    }

    /* After the days: " March 2027", " de marzo de 2027"; no year: " March", " de marzo". */
    function monthPart(m, y) {
        var w = WORDS[lang], of = w.monthDe ? ' de ' : ' ';
        return of + w.months[m] + (y === undefined ? '' : of + y);
    }

    /* "11 March 2027", "11. März 2027", "11 de marzo de 2027" */
    function fmtDate(t) {
        var d = new Date(t * 1000);
        return dayNum(d.getUTCDate()) + monthPart(d.getUTCMonth(), d.getUTCFullYear());
    }

    /* "11 March 2027, 13:33 UTC", "11 mars 2027 à 13:33 UTC" */
    function fmtTime(t) {
        var d = new Date(t * 1000);
        return say('time', {date: fmtDate(t), hm: pad2(d.getUTCHours()) + ':' +
            pad2(d.getUTCMinutes())});
    }

    function joinAnd(items) {
        if (items.length < 2)
            return items.join('');
        return items.slice(0, -1).join(', ') + WORDS[lang].and + items[items.length - 1];
    }

    /* Course dates as a person reads them: "10 and 11 March 2025", "10. und 11. März 2025". */
    function fmtDays(days) {
        var groups = [];
        days.forEach(function (s) {
            var y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10);
            var g = groups[groups.length - 1];
            if (g && g.y === y && g.m === m)
                g.d.push(dayNum(d));
            else
                groups.push({y: y, m: m, d: [dayNum(d)]});
        });
        return groups.map(function (g, i) {
            var next = groups[i + 1];
            return joinAnd(g.d) + monthPart(g.m - 1, !next || next.y !== g.y ? g.y : undefined);
        }).join(', ');
    }

    /* "14.5", "14,5" */
    function fmtHours(h) {
        return String(Math.round(h * 100) / 100).replace('.', WORDS[lang].decimal);
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
        addFact(dl, 'course', say('course'), c.course);
        addFact(dl, 'dates', say(c.days.length === 1 ? 'date' : 'dates'), fmtDays(c.days));
        addFact(dl, 'hours', say('hours'), fmtHours(c.hours), c.location ? 'half' : '');
        if (c.location)
            addFact(dl, 'location', say('location'), c.location, 'half');
        addFact(dl, 'trainer', say('trainer'), c.trainer +
            (c.trainerCred ? ' · ' + c.trainerCred : ''));
        addFact(dl, 'id', say('id'), c.jti, 'code');
        addFact(dl, 'issued', say('issued'), fmtTime(c.iat), 'half');
        addFact(dl, 'valid-until', say('validUntil'), fmtTime(c.exp), 'half');
        addFact(dl, 'issuer', say('issuedBy'), c.iss);
        section.hidden = false;
    }

    function hideDetails() {
        byId('details').hidden = true;
        clear(byId('facts'));
    }

    var NOT_GENUINE = ['bad-signature', 'unknown-key', 'bad-alg', 'malformed'];

    function showResult(v, pinned) {
        var c = v.claims;
        switch (v.status) {
        case 'valid':
            showVerdict('valid', '', say('valid'), say('validSum', {issuer: pinned.issuer}),
                say('validHint'));
            showDetails(c, say('says'));
            break;
        case 'expired':
            showVerdict('expired', '', say('expired'), say('expiredSum', {date: fmtDate(c.exp)}),
                say('expiredHint'));
            showDetails(c, say('expiredSays'));
            break;
        case 'revoked':
            showVerdict('revoked', '', say('revoked'),
                say('revokedSum', {date: fmtDate(v.revokedAt)}), say('revokedHint'));
            showDetails(c, say('revokedSays'));
            break;
        case 'not-yet-valid':
            showVerdict('not-yet-valid', '', say('future'), say('futureSum',
                {date: fmtDate(c.iat)}), '');
            showDetails(c, say('says'));
            break;
        default:
            showVerdict('not-genuine', v.status, say('notGenuine'),
                say(NOT_GENUINE.indexOf(v.status) >= 0 ? v.status : 'malformed'),
                say('why', {reason: v.reason}));
            hideDetails();
        }
    }

    function showUnusable(u) {
        hideDetails();
        if (u.status === 'unsupported')
            showVerdict('unsupported', '', say('cannot'), say('unsupportedSum'),
                say('nothingChecked', {reason: u.reason}));
        else
            showVerdict('unavailable', '', say('cannot'), say('unavailableSum'),
                say('why', {reason: u.reason}));
    }

    function showEmpty(pinned) {
        hideDetails();
        showVerdict('empty', '', say('scan'), say('scanSum', {issuer: pinned.issuer}),
            say('scanHint'));
    }

    function showPinned(pinned) {
        var text = say('pinned', {issuer: pinned.issuer, time: fmtTime(pinned.exported)});
        var n = pinned.revoked.size;
        /* French and Brazilian Portuguese count 0 and 1 in the singular. */
        var one = n === 1 || (n === 0 && WORDS[lang].oneIsSingular);
        if (pinned.listIssued)
            text += say(one ? 'listOne' : 'listMany', {time: fmtTime(pinned.listIssued), n: n});
        setText('pinned', text);
    }

    /* What data.js claims, when its contents could not be checked. */
    function showPinnedUnchecked() {
        var d = window.CK_PINNED;
        if (d && typeof d.issuer === 'string' && typeof d.exported === 'number')
            setText('pinned', say('exportedFor', {issuer: d.issuer, time: fmtTime(d.exported)}));
    }

    /* ---------------------------------------------------------------- wiring */

    var issuerName = window.CK_PINNED && typeof window.CK_PINNED.issuer === 'string'
        ? window.CK_PINNED.issuer : '';
    setText('issuer', issuerName);

    var pinnedReady = loadPinned();
    var runs = 0;
    var onPage = null; /* the input on the page, shown again in another language */

    /* Check what source() returns; a later run makes an earlier one drop its result. */
    function run(input) {
        var mine = ++runs;
        onPage = input;
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

    showFixedWords();
    buildSwitch(function () {
        showFixedWords();
        run(onPage);
    });
    run(tokenFromHash(location.hash));
})();
