// The messaging API's shapes (templates, rulers, sending settings, run reports) and their pt-BR names.

export type MessageChannel = "email" | "sms" | "whatsapp" | "letter";
export type Channel = MessageChannel | "call_task";

export const CHANNELS: Record<Channel, string> = {
  email: "E-mail",
  sms: "SMS",
  whatsapp: "WhatsApp",
  letter: "Carta",
  call_task: "Tarefa de ligação",
};
export const MESSAGE_CHANNELS: MessageChannel[] = ["email", "sms", "whatsapp", "letter"];

export interface WhatsAppRef {
  name: string;
  language: string;
  parameters: string[];
  status: "approved" | "pending" | "rejected";
}

export interface Template {
  id: string;
  channel: MessageChannel;
  name: string;
  subject: string;
  body: string;
  whatsapp: WhatsAppRef | null;
  updated_at: string;
  /** what does not stop saving: spam signs, a short message without the link to the creditor's identity */
  warnings?: string[];
}

export interface Wildcard {
  name: string;
  description: string;
}

export interface Rendered {
  channel: MessageChannel;
  subject: string;
  body: string;
  parameters: string[];
}

export interface RulerStep {
  offset_days: number;
  channel: Channel;
  template_id: string | null;
  applies_to: "titles" | "installments";
}

export interface Ruler {
  id: string;
  name: string;
  active: boolean;
  scope: { creditor_ids: string[]; category_ids: string[]; debtor_kind: "CPF" | "CNPJ" | null };
  steps: RulerStep[];
}

export type MessageStatus = "queued" | "deferred" | "sending" | "sent" | "failed" | "skipped";

export const STATUSES: [MessageStatus, string][] = [
  ["queued", "Na fila"],
  ["sending", "Enviando"],
  ["deferred", "Adiados"],
  ["sent", "Enviados"],
  ["failed", "Falharam"],
  ["skipped", "Dispensados"],
];

export interface StepReport {
  origin: string;
  name: string;
  step: string;
  label: string;
  channel: MessageChannel;
  total: number;
  counts: Partial<Record<MessageStatus, number>>;
  reasons: Partial<Record<MessageStatus, Record<string, number>>>;
}

export interface RunReport {
  run_date: string;
  total: number;
  counts: Partial<Record<MessageStatus, number>>;
  steps: StepReport[];
}

/** "D-2" before the due date, "D+3" after it, "D0" on it. */
export function offsetLabel(days: number): string {
  return days === 0 ? "D0" : `D${days > 0 ? "+" : ""}${days}`;
}
