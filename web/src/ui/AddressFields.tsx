// An address's fields (street, number, complement, district, city, UF, CEP) named `${prefix}.field`,
// read back with readAddress; errors from the API name `address.<field>`.
import type { FieldError as ApiFieldError } from "../api";
import { FieldError } from "./FieldError";

export interface Address {
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  uf: string;
  zip_code: string;
}

const FIELDS: [keyof Address, string, number][] = [
  ["zip_code", "CEP", 9],
  ["street", "Logradouro", 200],
  ["number", "Número", 20],
  ["complement", "Complemento", 100],
  ["district", "Bairro", 100],
  ["city", "Cidade", 200],
  ["uf", "UF", 2],
];

export function AddressFields({ prefix, value, errors }: { prefix: string; value: Address | null; errors: ApiFieldError[] }) {
  return (
    <fieldset>
      <legend>Endereço</legend>
      <div class="filters">
        {FIELDS.map(([field, label, max]) => (
          <div key={field}>
            <label for={`${prefix}-${field}`}>{label}</label>
            <input
              id={`${prefix}-${field}`}
              name={`${prefix}.${field}`}
              maxLength={max}
              defaultValue={value?.[field] ?? ""}
              autoComplete="off"
              aria-describedby={`${prefix}-${field}-error`}
            />
            <FieldError errors={errors} field={field} id={`${prefix}-${field}-error`} />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The address typed in the form, or null when every field is empty (no address). */
export function readAddress(data: FormData, prefix: string): Address | null {
  const value = Object.fromEntries(FIELDS.map(([f]) => [f, String(data.get(`${prefix}.${f}`) ?? "").trim()])) as unknown as Address;
  if (Object.values(value).every((v) => !v)) return null;
  return { ...value, uf: value.uf.toUpperCase() };
}
