"""Cognito user pool: the identity and token issuer (moto's Cognito plays it in the local stack)."""

from __future__ import annotations

from typing import Any

from cobranca.domain.access import Role
from cobranca.domain.errors import Conflict, InvalidInput


class CognitoIdentity:
    def __init__(self, client: Any, user_pool_id: str) -> None:
        self.client = client
        self.pool = user_pool_id

    def create_user(
        self, tenant: str, email: str, name: str, role: Role, temporary_password: str | None
    ) -> str:
        extra: dict[str, Any] = {"TemporaryPassword": temporary_password} if temporary_password else {}
        try:
            response = self.client.admin_create_user(
                UserPoolId=self.pool,
                Username=email,
                UserAttributes=[
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},
                    {"Name": "name", "Value": name},
                    {"Name": "custom:tenant", "Value": tenant},
                ],
                DesiredDeliveryMediums=["EMAIL"],
                **extra,
            )
        except self.client.exceptions.UsernameExistsException as exc:
            raise Conflict("já existe um usuário com este e-mail") from exc
        except self.client.exceptions.InvalidPasswordException as exc:
            raise InvalidInput("temporary_password", "senha fora da política de senhas") from exc
        attributes = {a["Name"]: a["Value"] for a in response["User"]["Attributes"]}
        self.client.admin_add_user_to_group(UserPoolId=self.pool, Username=email, GroupName=role.value)
        return str(attributes["sub"])

    def set_password(self, email: str, password: str) -> None:
        """Local stack seeding only: a permanent password so demo users log in at once."""
        self.client.admin_set_user_password(
            UserPoolId=self.pool, Username=email, Password=password, Permanent=True
        )

    def set_role(self, user_id: str, old: Role, new: Role) -> None:
        self.client.admin_remove_user_from_group(UserPoolId=self.pool, Username=user_id, GroupName=old.value)
        self.client.admin_add_user_to_group(UserPoolId=self.pool, Username=user_id, GroupName=new.value)

    def create_machine_client(self, name: str, scope: str) -> tuple[str, str]:
        client = self.client.create_user_pool_client(
            UserPoolId=self.pool,
            ClientName=name,
            GenerateSecret=True,
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["client_credentials"],
            AllowedOAuthScopes=[scope],
            ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],  # no user sign-in through this client
            AccessTokenValidity=60,
            TokenValidityUnits={"AccessToken": "minutes"},
            PreventUserExistenceErrors="ENABLED",
            EnableTokenRevocation=True,
        )["UserPoolClient"]
        return str(client["ClientId"]), str(client["ClientSecret"])

    def delete_machine_client(self, client_id: str) -> None:
        try:
            self.client.delete_user_pool_client(UserPoolId=self.pool, ClientId=client_id)
        except self.client.exceptions.ResourceNotFoundException:
            return  # deleted before: revoking twice is the same
