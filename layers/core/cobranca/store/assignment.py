"""Operator groups and the tenant's assignment rule, configuration documents under the tenant's key."""

from __future__ import annotations

from cobranca.domain.assignment import AssignmentRule, ImportRule, OperatorGroup
from cobranca.store import keys as k
from cobranca.store.config_docs import delete_doc, get_doc, list_docs, put_doc, require_doc


class DynamoAssignment:
    def put_group(self, tenant: str, g: OperatorGroup, *, new: bool) -> None:
        put_doc(tenant, k.group_sk(g.id), g, g.updated_at, new)

    def get_group(self, tenant: str, group_id: str) -> OperatorGroup:
        return require_doc(tenant, k.group_sk(group_id), OperatorGroup, "grupo de operadores não encontrado")

    def list_groups(self, tenant: str) -> list[OperatorGroup]:
        return sorted(list_docs(tenant, k.GROUP_PREFIX, OperatorGroup), key=lambda g: g.name.lower())

    def delete_group(self, tenant: str, group_id: str) -> None:
        delete_doc(tenant, k.group_sk(group_id))

    def get_rule(self, tenant: str) -> AssignmentRule:
        return get_doc(tenant, k.ASSIGNMENT_RULE_SK, AssignmentRule) or AssignmentRule()

    def put_rule(self, tenant: str, rule: AssignmentRule, at: str) -> None:
        put_doc(tenant, k.ASSIGNMENT_RULE_SK, rule, at)

    def import_owners(self, tenant: str) -> list[str]:
        """Who an import's new debtors go to, in turn (empty: nobody). A group deleted since the rule
        was set gives nobody rather than failing the import."""
        rule = self.get_rule(tenant)
        if rule.imports is ImportRule.OPERATOR and rule.operator_id:
            return [rule.operator_id]
        if rule.imports is ImportRule.GROUP and rule.group_id:
            group = get_doc(tenant, k.group_sk(rule.group_id), OperatorGroup)
            return list(group.member_ids) if group else []
        return []
