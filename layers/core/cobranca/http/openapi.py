"""Prints the operator API's OpenAPI document (`make openapi` writes it to openapi.json)."""

from cobranca.http.app import openapi_json

if __name__ == "__main__":
    print(openapi_json())
