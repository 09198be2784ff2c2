/** A licence pipeline over a source with plain column names (cert_no, name, …), indented `source` lines given. */
export function licencePipelineYaml(source: string, issuer: string, extra = ''): string {
  return `name: licences
entity: certificate
source:
${source}
defaults:
  cert_type_code: scjg-yyzz
  holder_kind: organisation
  issuer_code: "${issuer}"
mapping:
  cert_number: cert_no
  holder_name: name
  holder_id: holder_id
  issued_on: issued
  status: status
  source_updated_at: updated_at
${extra}`;
}
