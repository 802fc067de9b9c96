"""The local stack: moto-backed AWS on loopback, resources from template.yaml, an HTTP gateway."""
