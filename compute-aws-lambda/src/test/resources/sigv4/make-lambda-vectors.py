#!/usr/bin/env python3
"""Writes lambda-vectors.json: SigV4 cases for Lambda, signed by botocore (an implementation
independent of ours), so a clone without the official suite still proves the signer.

Run: python3 make-lambda-vectors.py > lambda-vectors.json   (needs botocore; made with 1.43.11)

Each case gives the request as it goes on the wire (method, path and query percent-encoded as
sent, the headers to sign, the body) and what botocore computed: the canonical request, the string
to sign and the Authorization header. Credentials are the official suite's example keys.
"""
import datetime
import hashlib
import json
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = ("IQoJb3JpZ2luX2VjEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTf"
                 "lfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQc")
WHEN = datetime.datetime(2015, 8, 30, 12, 36, 0)

CASES = [
    # name, description, region, method, host, path, query, extra headers, body, session token?
    ("invoke-name", "Invoke by plain function name", "us-east-1", "POST", "lambda.us-east-1.amazonaws.com",
     "/2015-03-31/functions/orders-fn/invocations", "", {}, b'{"version":"2.0","rawPath":"/echo"}', False),
    ("invoke-alias-in-name", "name:alias in the path: %3A on the wire is %253A in the canonical URI", "us-east-1", "POST",
     "lambda.us-east-1.amazonaws.com", "/2015-03-31/functions/orders-fn%3Aprod/invocations", "", {}, b'{}', False),
    ("invoke-arn", "a full ARN in the path: every ':' double-encoded", "eu-west-1", "POST", "lambda.eu-west-1.amazonaws.com",
     "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Aorders-fn/invocations", "", {},
     b'{"version":"2.0"}', False),
    ("invoke-qualifier-latest", "?Qualifier=$LATEST: '$' encoded once in the query", "us-east-1", "POST",
     "lambda.us-east-1.amazonaws.com", "/2015-03-31/functions/orders-fn/invocations", "Qualifier=%24LATEST", {},
     b'{}', False),
    ("invoke-qualifier-alias", "?Qualifier=prod", "us-east-1", "POST", "lambda.us-east-1.amazonaws.com",
     "/2015-03-31/functions/orders-fn/invocations", "Qualifier=prod", {}, b'{"a":1}', False),
    ("invoke-session-token", "temporary credentials: x-amz-security-token is signed", "us-east-1", "POST",
     "lambda.us-east-1.amazonaws.com", "/2015-03-31/functions/orders-fn/invocations", "", {}, b'{}', True),
    ("dry-run-arn-qualifier-session", "DryRun of an ARN with a qualifier and session credentials", "ap-southeast-2",
     "POST", "lambda.ap-southeast-2.amazonaws.com",
     "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aap-southeast-2%3A123456789012%3Afunction%3Aorders-fn/invocations",
     "Qualifier=7", {"x-amz-invocation-type": "DryRun"}, b'{}', True),
    ("get-configuration", "GetFunctionConfiguration with a qualifier", "us-east-1", "GET",
     "lambda.us-east-1.amazonaws.com", "/2015-03-31/functions/orders-fn/configuration", "Qualifier=prod", {}, b'', False),
    ("function-url-query", "a Function URL with a path and a query: sorted, encoded once", "eu-central-1", "PUT",
     "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws", "/orders/a:b/%C3%A9",
     "z=%E2%9C%93&a=1&b=two%20words&a=0", {}, b'\x00\x01binary\xff', True),
    ("emulator-port", "an emulator endpoint with a port: the host header carries it", "us-east-1", "POST",
     "127.0.0.1:4566", "/2015-03-31/functions/orders-fn%3A%24LATEST/invocations", "", {}, b'{}', False),
]


def sign(case):
    name, description, region, method, host, path, query, extra, body, session = case
    payload_hash = hashlib.sha256(body).hexdigest()
    headers = {"host": host, "x-amz-content-sha256": payload_hash}
    headers.update(extra)
    url = ("https://" if "." in host and ":" not in host else "http://") + host + path + ("?" + query if query else "")
    request = AWSRequest(method=method, url=url, headers=headers, data=body)
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN if session else None)
    auth = botocore.auth.SigV4Auth(credentials, "lambda", region)
    with mock.patch("botocore.auth.get_current_datetime", return_value=WHEN):
        # What add_auth computes, taken before the Authorization header joins the request.
        request.context["timestamp"] = WHEN.strftime(botocore.auth.SIGV4_TIMESTAMP)
        auth._modify_request_before_signing(request)
        canonical = auth.canonical_request(request)
        string_to_sign = auth.string_to_sign(request, canonical)
        auth.add_auth(request)
    signed = {k.lower(): v for k, v in request.headers.items() if k.lower() != "authorization"}
    return {
        "name": name,
        "description": description,
        "region": region,
        "accessKeyId": ACCESS_KEY,
        "secretAccessKey": SECRET_KEY,
        "sessionToken": SESSION_TOKEN if session else None,
        "method": method,
        "path": path,
        "query": query,
        "headers": dict(sorted(signed.items())),
        "bodyHex": body.hex(),
        "canonicalRequest": canonical,
        "stringToSign": string_to_sign,
        "authorization": request.headers["Authorization"],
    }


if __name__ == "__main__":
    print(json.dumps({"generator": "botocore " + botocore.__version__, "date": "20150830T123600Z",
                      "cases": [sign(c) for c in CASES]}, indent=2))
