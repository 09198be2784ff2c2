/* Generated from schemas/*.schema.json by `npx tsx schemas/build-types.ts`. Do not edit: change the schemas and rerun. */

/**
 * 证照类型代码 Certificate type code
 *
 * 全国证照目录代码（通常为定义机关统一社会信用代码 + 3 位序号，共 21 位），或无全国代码时的本地代码（如 scjg-yyzz）；按原样比对，不改大小写。 National catalogue code (usually the defining authority's USCC + a 3-digit number, 21 characters), or a local code when there is none (e.g. scjg-yyzz); compared exactly, case kept.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "CertTypeCode".
 */
export type CertTypeCode = string;
/**
 * 统一社会信用代码 Unified Social Credit Code
 *
 * GB 32100-2015：18 位，字符集 0-9 A-H J-N P-R T U W-Y（无 I O Z S V），第 3–8 位为行政区划代码，第 18 位为校验码。 GB 32100-2015: 18 characters from 0-9 A-H J-N P-R T U W-Y (no I, O, Z, S, V); positions 3–8 are a division code; position 18 is the check character.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "Uscc".
 */
export type Uscc = string;
/**
 * 持证主体类别 Holder kind
 *
 * person 自然人；organisation 法人或其他组织。 person: a natural person; organisation: a legal person or other organisation.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "HolderKind".
 */
export type HolderKind = 'person' | 'organisation';
/**
 * 持证主体代码类型 Holder id type
 *
 * GB/T 36903 附录 A 的 3 位代码：001 统一社会信用代码，099 其他法人或其他组织有效证件代码，111 公民身份号码，114/115/118/119/120/122 军人及武警证件，411–414 护照，511 台湾居民来往大陆通行证，516 港澳居民来往内地通行证，999 其他自然人有效证件代码（外国人永久居留身份证、港澳台居民居住证等）。 The 3-digit code of GB/T 36903 Annex A: 001 USCC, 099 other organisation certificate, 111 resident id, 114/115/118/119/120/122 military and armed-police ids, 411–414 passports, 511 Taiwan residents' travel permit, 516 Hong Kong and Macao residents' travel permit, 999 other personal ids (permanent-resident cards, residence permits).
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "HolderIdType".
 */
export type HolderIdType = string;
/**
 * 日期 Date
 *
 * ISO 日期 YYYY-MM-DD（北京时间），须为真实的日历日期。 ISO date YYYY-MM-DD in Asia/Shanghai; must be a real calendar date.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "IsoDate".
 */
export type IsoDate = string;
/**
 * 证照状态 Certificate status
 *
 * 规范状态值：valid 有效、suspended 暂扣/中止、revoked 撤销/吊销、cancelled 注销/废止、expired 失效。有效期届满的 valid 证照在查询时才视为过期，存储中不改写。 Canonical status: valid, suspended, revoked, cancelled, expired. A valid certificate past its valid_until is treated as expired when read; the stored value is not rewritten.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "CertStatus".
 */
export type CertStatus = 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired';
/**
 * 时间戳 Timestamp
 *
 * 带时区偏移的 ISO 8601 时间戳；无时区的源时间按北京时间理解并写作 +08:00。 ISO 8601 timestamp with an offset; naive source times are read as Asia/Shanghai and written with +08:00.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "Timestamp".
 */
export type Timestamp = string;
/**
 * 组织机构代码 Organisation code
 *
 * GB 11714-1997：8 位本体代码加 1 位校验码，不带连字符。 GB 11714-1997: 8 body characters and a check character, without the hyphen.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "OrgCode".
 */
export type OrgCode = string;
/**
 * 公民身份号码 Resident identity number
 *
 * GB 11643-1999：18 位（6 位地址码 + 8 位出生日期 + 3 位顺序码 + 校验码）；15 位旧号码在规范化时升为 18 位。 GB 11643-1999: 18 characters (6-digit address code, 8-digit birth date, 3-digit sequence, check character); legacy 15-digit numbers are converted to 18 when normalising.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "ResidentId".
 */
export type ResidentId = string;
/**
 * 行政区划代码 Administrative division code
 *
 * GB/T 2260：6 位（省、市、县各 2 位），或延伸到乡镇的 9 位、12 位代码；6 位前缀须在现行代码表中。 GB/T 2260: 6 digits (2 province, 2 prefecture, 2 county), or a 9- or 12-digit township code extending one; the 6-digit prefix must be in the current list.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "DivisionCode".
 */
export type DivisionCode = string;
/**
 * 证照状态（源用语） Certificate status as sent
 *
 * 规范状态值，或标准对照表所接受的源系统用语（如 01、有效、吊销、注销）。 A canonical status, or a wording the standard status table accepts (e.g. 01, 有效, 吊销, 注销).
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "CertStatusInput".
 */
export type CertStatusInput = string;
/**
 * 事项基本目录编码 Basic catalogue code
 *
 * GB/T 39554.1-2020 基本目录编码，12 位：2 位前缀 + 2 位事项类型 + 5 位主项 + 3 位子项（无子项为 000）。 GB/T 39554.1-2020 basic catalogue code, 12 characters: 2-character prefix, 2-digit matter type, 5-character main item, 3-digit sub-item (000 when none).
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "MatterBasicCode".
 */
export type MatterBasicCode = string;
/**
 * 事项编码 Matter code
 *
 * GB/T 39554.1-2020 的基本目录编码（12 位）、实施编码（31 位：实施主体统一社会信用代码 18 位 + 行使层级 1 位 + 基本目录编码 12 位）或业务办理项编码（33 位：实施编码 + 2 位）。 A GB/T 39554.1-2020 basic catalogue code (12 characters), implementation code (31: the implementing body's USCC, a 1-digit level 1–5, the basic code) or handling-item code (33: implementation code + 2 digits).
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "MatterCode".
 */
export type MatterCode = string;
/**
 * 事项类型 Matter type
 *
 * 2 位事项类型代码：01 行政许可，02 行政处罚，03 行政强制，04 行政征收，05 行政给付，06 行政检查，07 行政确认，08 行政奖励，09 行政裁决，10 其他行政权力，20 公共服务；地方自编号码由管道映射。 2-digit matter type: 01 licensing, 02 penalty, 03 enforcement, 04 levy, 05 benefit, 06 inspection, 07 confirmation, 08 reward, 09 adjudication, 10 other administrative power, 20 public service; local numberings are mapped per pipeline.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "MatterType".
 */
export type MatterType = string;

/**
 * 电子证照 Certificate
 *
 * 目录中的一张证照（规范化之后）。自然键：证照类型代码 + 颁发机构代码 + 证照编号。 One certificate in the catalogue, after normalising. Natural key: cert_type_code + issuer_code + cert_number.
 */
export interface Certificate {
  /**
   * 证照类型代码 Certificate type code
   *
   * 证照所属类型；配置了证照类型清单时须在清单内。 The type of the certificate; must be one of the workspace's certificate types when that list is configured.
   */
  cert_type_code: CertTypeCode;
  /**
   * 证照编号 Certificate number
   *
   * 颁发机构给出的证照编号（流水号），按原样保存，只去掉首尾空白和全角字符。 The number the issuer printed on the certificate; kept as printed apart from surrounding spaces and full-width characters.
   */
  cert_number: string;
  /**
   * 颁发机构代码 Issuer code
   *
   * 颁发机构的统一社会信用代码。 The issuing authority's Unified Social Credit Code.
   */
  issuer_code: Uscc;
  /**
   * 颁发机构名称 Issuer name
   *
   * 颁发机构的名称。 The issuing authority's name.
   */
  issuer_name?: string | null;
  /**
   * 持证主体类别 Holder kind
   *
   * 源数据未给出时，由证照类型或持证主体代码推断。 Inferred from the certificate type or the holder id when the source does not give it.
   */
  holder_kind: HolderKind;
  /**
   * 持证主体代码类型 Holder id type
   *
   * 源数据未给出时推断：法人或其他组织为 001，自然人为 111；类别也不明时按哪种校验通过而定。 Inferred when the source does not give it: 001 for an organisation, 111 for a person; when the kind is unknown too, by which check the holder id passes.
   */
  holder_id_type: HolderIdType;
  /**
   * 持证主体代码 Holder id
   *
   * 持证主体的证件号码：001 为统一社会信用代码，111 为公民身份号码（15 位旧号升为 18 位），999 中的港澳台居民居住证和 9 开头的外国人永久居留身份证按公民身份号码校验；其他类型只去空白并转大写。 The holder's identifier: a USCC for 001, a resident id for 111 (15-digit numbers converted to 18), residence permits and 9-prefixed permanent-resident cards under 999 checked as resident ids; other types are only trimmed and upper-cased.
   */
  holder_id: string;
  /**
   * 持证主体名称 Holder name
   *
   * 持证人姓名或持证单位名称；全角转半角，连续空格合并为一个，中文标点保留。 The holder's name; full-width characters made half-width, inner runs of spaces collapsed, Chinese punctuation kept.
   */
  holder_name: string;
  /**
   * 发证日期 Issue date
   *
   * 颁发证照的日期。 The date the certificate was issued.
   */
  issued_on: IsoDate;
  /**
   * 有效期起始 Valid from
   *
   * 有效期开始日期；未给出时视为发证日期。 First day of validity; when absent, the issue date applies.
   */
  valid_from?: IsoDate | null;
  /**
   * 有效期截止 Valid until
   *
   * 有效期最后一天；null 表示长期有效（长期、永久、长期有效、9999-12-31，或源数据未给出）；不得早于发证日期。 Last day of validity; null means long-term (长期, 永久, 长期有效, 9999-12-31, or not given by the source); never before the issue date.
   */
  valid_until: IsoDate | null;
  /**
   * 证照状态 Status
   *
   * 规范化后的证照状态；源用语经标准对照表和管道的 status_map 转换。 The canonical status; source wording goes through the standard table and the pipeline's status_map.
   */
  status: CertStatus;
  /**
   * 照面信息 Surface fields
   *
   * 证照照面上没有对应规范字段的项目，键值自由；每项不超过 10000 个字符（嵌套值按其 JSON 文本计），整体不超过 65536 个字符，超出则以 invalid_value 隔离。 Fields printed on the certificate that have no canonical field, as free key/value pairs; at most 10000 characters per field (a nested value counted by its JSON text) and 65536 for the whole, above which the record is quarantined as invalid_value.
   */
  surface?: {
    [k: string]: unknown | undefined;
  };
  /**
   * 源更新时间 Source update time
   *
   * 源系统中该记录最后更新的时间。 When the source system last changed the record.
   */
  source_updated_at?: Timestamp | null;
  /**
   * 电子证照标识 Certificate identifier
   *
   * GB/T 36904 电子证照标识：1.2.156.3005.2.<证照类型代码>.<颁发机构代码>.<流水号>.<版本号>.<校验位>；校验位（ISO/IEC 7064 MOD 37,36）不符只作质量提示。 GB/T 36904 identifier 1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>; a check character (ISO/IEC 7064 MOD 37,36) that does not match is a quality warning only.
   */
  cert_identifier?: string | null;
}
/**
 * 证照类型 Certificate type
 *
 * 工作区认可的一种证照类型（ecert.yaml 的 certificate_types 项）；其他类型的证照记录进入隔离区。 One certificate type the workspace knows (an entry of certificate_types in ecert.yaml); records of other types are quarantined.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "CertificateType".
 */
export interface CertificateType {
  /**
   * 证照类型代码 Type code
   *
   * 全国证照目录代码，无全国代码时用本地代码。 The national catalogue code where one exists, else a local code.
   */
  code: CertTypeCode;
  /**
   * 证照类型名称 Type name
   *
   * 证照类型的名称，如 营业执照。 The type's name, e.g. 营业执照 (business licence).
   */
  name: string;
  /**
   * 持证主体类别 Holder kind
   *
   * 此类证照颁发给自然人还是法人或其他组织；证照记录未给出类别时据此推断。 Whether this type is issued to people or to organisations; used when a certificate record does not give its holder kind.
   */
  holder_kind: HolderKind;
}
/**
 * 申请材料 Material
 *
 * 事项的一项申请材料。 One application material of a matter.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "Material".
 */
export interface Material {
  /**
   * 材料编码 Material code
   *
   * 材料在事项内的编码，如 M01。 The material's code within the matter, e.g. M01.
   */
  material_code: string;
  /**
   * 材料名称 Material name
   *
   * 材料的名称。 The material's name.
   */
  name: string;
  /**
   * 是否必要 Required
   *
   * 该材料是否必须提交；源数据中的 是/否、true/false、1/0 规范化为布尔值。 Whether the material must be submitted; 是/否, true/false and 1/0 in the source become a boolean.
   */
  required: boolean;
  /**
   * 材料形式 Form
   *
   * 纸质、电子等。 Paper, electronic and so on.
   */
  form?: string | null;
  /**
   * 材料类型 Material type
   *
   * 原件、复印件等。 Original, copy and so on.
   */
  material_type?: string | null;
  /**
   * 来源渠道 Source channel
   *
   * 材料的来源渠道，如 申请人自备、政府部门核发。 Where the material comes from, e.g. prepared by the applicant, issued by a government department.
   */
  source_channel?: string | null;
  /**
   * 可替代证照类型 Accepted certificate types
   *
   * 可以代替该材料的证照类型代码（免证办理）；空列表表示不可替代。 Certificate type codes that replace this material (免证办理); an empty list means it cannot be replaced.
   */
  accepted_cert_types: CertTypeCode[];
}
/**
 * 政务服务事项 Service matter
 *
 * 一个政务服务事项及其申请材料（规范化之后）。 One government service matter with its application materials, after normalising.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "Matter".
 */
export interface Matter {
  /**
   * 事项编码 Matter code
   *
   * 国家标准的事项编码（基本目录编码、实施编码或业务办理项编码）。 The national matter code (basic catalogue, implementation or handling-item code).
   */
  matter_code: MatterCode;
  /**
   * 地方事项编码 Local code
   *
   * 省级平台自有格式的事项编码，与国家编码并存。 The province's own matter code, kept beside the national one.
   */
  local_code?: string | null;
  /**
   * 事项名称 Matter name
   *
   * 事项的名称。 The matter's name.
   */
  name: string;
  /**
   * 事项类型 Matter type
   *
   * 2 位事项类型代码；源数据给出类型名称（如 行政许可）时规范化为代码。 The 2-digit matter type; a type name in the source (e.g. 行政许可) is normalised to its code.
   */
  matter_type: MatterType;
  /**
   * 办件类型 Handling type
   *
   * 1 即办件，2 承诺件。 1: settled on the spot; 2: settled by a promised date.
   */
  handling_type?: '1' | '2' | null;
  /**
   * 实施机构代码 Department code
   *
   * 实施该事项的部门的统一社会信用代码。 The USCC of the department that carries out the matter.
   */
  dept_code: Uscc;
  /**
   * 行政区划代码 Division code
   *
   * 事项实施地的行政区划代码；源数据给出地名（如 吉安市峡江县）时转换为代码。 The division where the matter is carried out; a place name in the source (e.g. 吉安市峡江县) is turned into its code.
   */
  division_code: DivisionCode;
  /**
   * 申请材料 Materials
   *
   * 申请该事项须提交的材料；未给出时为空列表。 The materials an applicant submits; an empty list when the source gives none.
   */
  materials: Material[];
}
/**
 * 管道定义 Pipeline definition
 *
 * pipelines/<name>.yaml 的格式：一个部门数据源如何读取、映射并写入目录。 The format of pipelines/<name>.yaml: how one department feed is read, mapped and written to the catalogue.
 *
 * This interface was referenced by `Certificate`'s JSON-Schema
 * via the `definition` "Pipeline".
 */
export interface Pipeline {
  /**
   * 管道名称 Name
   *
   * 工作区内唯一，小写字母、数字和连字符（kebab-case）。 Unique in the workspace; lower-case letters, digits and hyphens (kebab-case).
   */
  name: string;
  /**
   * 数据实体 Entity
   *
   * 写入的记录种类：certificate 证照，matter 事项。 What the records are: certificate or matter.
   */
  entity: 'certificate' | 'matter';
  /**
   * 数据源 Source
   *
   * 连接器种类及其配置；connector 以外的键由该连接器自己的模式校验。 The connector kind and its settings; keys other than connector are checked by that connector's own schema.
   */
  source: {
    /**
     * 连接器 Connector
     *
     * 连接器种类：csv、xlsx、jsonl、http、sql 等。 The connector kind: csv, xlsx, jsonl, http, sql and so on.
     */
    connector: string;
    [k: string]: unknown | undefined;
  };
  /**
   * 默认值 Defaults
   *
   * 每条记录都相同的规范字段值（如 cert_type_code、issuer_code），源记录中有值时以源记录为准。 Canonical field values that are the same for every record (e.g. cert_type_code, issuer_code); a value in the source record wins.
   */
  defaults?: {
    /**
     * 持证主体类别 Holder kind
     *
     * 此管道所有证照的持证主体类别。 The holder kind of every certificate of this pipeline.
     */
    holder_kind?: HolderKind;
    /**
     * 证照状态 Status
     *
     * 源数据没有状态列时所有证照的状态。 The status of every certificate when the source has no status column.
     */
    status?: CertStatusInput;
    [k: string]: unknown | undefined;
  };
  /**
   * 字段映射 Mapping
   *
   * 规范字段 → 源列名或 JSON 记录中的点分路径；省略时源记录已是规范格式。 Canonical field → source column name or dotted path into JSON records; without it, source records are taken as already canonical.
   */
  mapping?: {
    [k: string]: string | undefined;
  };
  /**
   * 增量读取 Incremental
   *
   * 按游标只读取上次之后变化的记录。 Read only records changed since the last run, by a cursor.
   */
  incremental?: {
    /**
     * 游标字段 Cursor
     *
     * 一个源字段，或按元组比较的多个源字段（复合游标）。 One source field, or several compared as a tuple (composite cursor).
     */
    cursor: string | string[];
    /**
     * 回读窗口 Lag
     *
     * 在游标之前重读的时间窗口，如 30s、10m、2h、1d；重复记录由去重吸收。 A window re-read behind the cursor, e.g. 30s, 10m, 2h, 1d; dedupe absorbs the repeats.
     */
    lag?: string;
  };
  /**
   * 写入方式 Write disposition
   *
   * merge 合并并保留历史版本；replace 全量快照，缺失的证照标为源端注销；append 只追加。 merge: upsert and keep version history; replace: a full snapshot, certificates missing from it are marked cancelled at source; append: insert only.
   */
  write_disposition?: 'merge' | 'replace' | 'append';
  /**
   * 无效记录处理 On invalid
   *
   * quarantine 隔离无效记录并继续；fail 遇到无效记录即失败。 quarantine: set invalid records aside and go on; fail: stop the run at the first invalid record.
   */
  on_invalid?: 'quarantine' | 'fail';
  /**
   * 错误预算 Error budget
   *
   * 允许的无效记录数（非负整数）或占已读记录的百分比（如 5%）；超出则运行失败。 How many invalid records are allowed: a non-negative whole number, or a percentage of the records read (e.g. 5%); above it the run fails.
   */
  max_invalid?: number | string;
  /**
   * 注销上限 Cancellation limit
   *
   * replace 全量快照一次最多可注销的证照数（非负整数）或占本管道现有证照的百分比（如 10%）；超出、或快照为空文件时一律不注销并使运行失败，除非使用 ecert sync --allow-mass-cancel。 How many certificates one replace snapshot may cancel: a non-negative whole number, or a percentage of the pipeline's certificates (e.g. 10%); above it, or when the snapshot is an empty file, nothing is cancelled and the run fails unless ecert sync --allow-mass-cancel is given.
   */
  max_cancel?: number | string;
  /**
   * 优先级 Priority
   *
   * 不同管道送来同一证照且来源更新时间（source_updated_at）相同或缺失时，数值大的管道胜出，相同时后载入的记录胜出；不影响运行顺序。 When pipelines send the same certificate with equal or missing source_updated_at, the higher number wins, and on equal numbers the record loaded last; it does not order runs.
   */
  priority?: number;
  /**
   * 调度 Schedule
   *
   * cron 表达式（5 段，可带秒为 6 段，或 @hourly、@daily 等），供 ecert schedule 使用。 A cron expression (5 fields, 6 with seconds, or @hourly, @daily and the like) used by ecert schedule.
   */
  schedule?: string;
  /**
   * 时区 Time zone
   *
   * 解释 schedule 所用的 IANA 时区。 The IANA time zone the schedule is read in.
   */
  timezone?: string;
  /**
   * 重试次数 Retries
   *
   * ecert schedule 在一次定时运行失败后重试的次数，间隔按指数增长（1s、2s、4s…，最长 5 分钟）。 How many times ecert schedule retries a scheduled run that failed, waiting twice as long each time (1s, 2s, 4s…, at most 5 minutes).
   */
  retries?: number;
  /**
   * 代码校验 Identifier check
   *
   * strict 校验码错误的代码隔离；warn 仅作提示并照常载入（用于含早期试点代码的数据源）。 strict: identifiers with a wrong check character are quarantined; warn: they load and are flagged (for feeds with early pilot codes that predate the check rule).
   */
  identifier_check?: 'strict' | 'warn';
  /**
   * 状态映射 Status map
   *
   * 源系统状态用语 → 规范状态，优先于标准对照表。 Source status wording → canonical status; takes precedence over the standard table.
   */
  status_map?: {
    [k: string]: CertStatus | undefined;
  };
  /**
   * 取值对照表 Value maps
   *
   * 规范字段 → 对照表：源数据写的名称 → 代码（如发证机关名称 → 统一社会信用代码）。对照表直接写在此处，或写 { file: ./data/issuers.csv }：两列 CSV（第一行为表头，第 1 列名称、第 2 列代码），默认 UTF-8（可带 BOM），Excel 另存的 GBK 文件写 encoding: gb18030。查找前名称去首尾空白、按 NFKC 统一全角半角并去掉所有空白；已是表中代码的值原样通过；表中没有的值隔离为 invalid_code，绝不改用默认值。 Canonical field → a table of source wording → code (e.g. issuing authority name → its USCC). Write the table inline, or { file: ./data/issuers.csv }: a two-column CSV (first row a header, column 1 the name, column 2 the code), UTF-8 by default (a BOM is fine), encoding: gb18030 for a GBK file saved by Excel. Names are looked up after trimming, NFKC normalisation (full-width → half-width) and removing all white space; a value that already is one of the table's codes passes as is; a value the table lacks is quarantined as invalid_code, never replaced by a default.
   */
  value_maps?: {
    [k: string]:
      | {
          [k: string]: unknown | undefined;
        }
      | undefined;
  };
  /**
   * 有效期必填 Require valid until
   *
   * true 时有效期为空的证照隔离为 missing_field，而不是当作长期有效；长期有效的证照须写明“长期”。 true: a certificate with an empty valid_until is quarantined as missing_field instead of counting as long-term; long-term certificates must say 长期.
   */
  require_valid_until?: boolean;
}
