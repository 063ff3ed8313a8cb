//! `provider-token`: credentials recognisable by themselves, from the
//! formats their issuers document (fixed prefixes, lengths, alphabets).
//! The prefix stays so an operator still sees what kind of credential was
//! there (`ghp_[REDACTED]`); a format with no prefix worth keeping has an
//! empty first group.

use super::rule::{Found, Hit};

/// One alternative per format that starts with a fixed prefix; the first
/// group of each is the part kept.
pub(super) const PROVIDER_TOKEN: &str = concat!(
    r"(?-u:\b)(?:",
    // GitHub: classic, OAuth, user-to-server, server-to-server (now also a
    // longer form with `.`), refresh; fine-grained personal tokens.
    r"(gh[pousr]_)[A-Za-z0-9_.\-]{36,}",
    r"|(github_pat_)[A-Za-z0-9_]{50,}",
    // Slack: bot, user, app-level, refresh, config tokens; webhook paths.
    r"|(xox[abposrce]-)[A-Za-z0-9\-]{10,}",
    r"|(xoxe\.xox[bp]-)[A-Za-z0-9\-]{10,}",
    r"|(xapp-)[A-Za-z0-9\-]{10,}",
    r"|(hooks\.slack\.com/(?:services|workflows|triggers)/)[A-Za-z0-9/_+\-]{16,}",
    // Discord webhooks.
    r"|(discord(?:app)?\.com/api/webhooks/[0-9]+/)[A-Za-z0-9_\-]{20,}",
    // Stripe: secret and restricted keys (live and test), webhook secrets.
    r"|((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{10,}",
    r"|(whsec_)[A-Za-z0-9+/=]{20,}",
    // Google: API keys, OAuth access tokens, OAuth client secrets.
    r"|(AIza)[A-Za-z0-9_\\\-]{35}",
    r"|(ya29\.)[A-Za-z0-9_\-]{20,}",
    r"|(GOCSPX-)[A-Za-z0-9_\-]{20,}",
    // GitLab: personal, deploy, runner, trigger, CI job, OAuth, feed,
    // incoming-mail, agent, feature-flag, workspace tokens; runner
    // registration tokens.
    r"|(gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent|ffct|wt)-)[A-Za-z0-9_.\-]{20,}",
    r"|(GR1348941)[A-Za-z0-9_\-]{20,}",
    // npm, PyPI.
    r"|(npm_)[A-Za-z0-9]{36,}",
    r"|(pypi-)AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}",
    // Anthropic, then OpenAI (project, service-account, admin and legacy
    // keys).
    r"|(sk-ant-(?:api|admin|sid)[0-9]{2}-)[A-Za-z0-9_\-]{20,}",
    r"|(sk-(?:proj|svcacct|admin|None)-)[A-Za-z0-9_\-]{20,}",
    r"|(sk-)[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
    r"|(sk-)[A-Za-z0-9]{40,}",
    // Hugging Face.
    r"|(hf_)[A-Za-z]{34}",
    // SendGrid, Mailgun.
    r"|(SG\.)[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
    r"|(key-)[0-9a-f]{32}",
    // Shopify, DigitalOcean, HashiCorp Vault.
    r"|(shp(?:at|ca|pa|ss)_)[a-fA-F0-9]{32}",
    r"|(do[opr]_v1_)[a-f0-9]{64}",
    r"|(hv[sbr]\.)[A-Za-z0-9_\-]{24,}",
    // Databricks, Atlassian, age.
    r"|(dapi)[a-f0-9]{32}(?:-[0-9])?",
    r"|(ATATT3)[A-Za-z0-9_=\-]{20,}",
    r"|(AGE-SECRET-KEY-1)[0-9A-Z]{58}",
    // Square, Postman, Linear, Doppler.
    r"|(sq0(?:atp|csp)-)[A-Za-z0-9_\-]{22,}",
    r"|(EAAA)[A-Za-z0-9_\-]{60,}",
    r"|(PMAK-)[a-f0-9]{24}-[a-f0-9]{34}",
    r"|(lin_api_)[A-Za-z0-9]{40}",
    r"|(dp\.(?:pt|st|sa|ct|scim|audit)\.)[A-Za-z0-9]{40,}",
    // Grafana, New Relic, Sentry, Docker Hub, Pulumi, Supabase, Heroku.
    r"|(glsa_)[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
    r"|(glc_)[A-Za-z0-9+/]{32,}={0,2}",
    r"|(NR(?:AK|II|JS|RA)-)[A-Za-z0-9]{20,}",
    r"|(sntr[ysu]s?_)[A-Za-z0-9+/=_\-]{40,}",
    r"|(dckr_pat_)[A-Za-z0-9_\-]{20,}",
    r"|(pul-)[a-f0-9]{40}",
    r"|(sbp_)[a-f0-9]{40}",
    r"|(HRKU-)[A-Za-z0-9_\-]{20,}",
    // Alibaba, JFrog, 1Password service accounts, Firebase server keys.
    r"|(LTAI)[A-Za-z0-9]{20}",
    r"|(AKCp)[A-Za-z0-9]{60,}",
    r"|(ops_)eyJ[A-Za-z0-9+/]{100,}={0,3}",
    r"|(AAAA)[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{100,}",
    r")",
);

/// Formats with no prefix to start from, kept apart so the prefixed ones
/// stay a set of literals for the regex engine to search for: Terraform
/// Cloud tokens, Telegram bot tokens (the bot's id stays), Azure AD client
/// secrets.
pub(super) const UNPREFIXED_TOKEN: &str = concat!(
    r"(?-u:\b)(?:()[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,}",
    r"|([0-9]{8,10}:)AA[A-Za-z0-9_\-]{33}",
    r"|()[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})",
);

/// Literals of [`UNPREFIXED_TOKEN`].
pub(super) const UNPREFIXED_LITERALS: &[&str] = &[".atlasv1.", ":aa", "q~"];

/// Literals of [`PROVIDER_TOKEN`], one of which every match contains
/// (lower case).
pub(super) const PROVIDER_LITERALS: &[&str] = &[
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "xox",
    "xapp-",
    "hooks.slack.com/",
    "/api/webhooks/",
    "_live_",
    "_test_",
    "whsec_",
    "aiza",
    "ya29.",
    "gocspx-",
    "glpat-",
    "gldt-",
    "glrt-",
    "glptt-",
    "glcbt-",
    "gloas-",
    "glsoat-",
    "glft-",
    "glimt-",
    "glagent-",
    "glffct-",
    "glwt-",
    "gr1348941",
    "npm_",
    "pypi-",
    "sk-",
    "hf_",
    "sg.",
    "key-",
    "shpat_",
    "shpca_",
    "shppa_",
    "shpss_",
    "_v1_",
    "hvs.",
    "hvb.",
    "hvr.",
    "dapi",
    "atatt3",
    "age-secret-key-1",
    "sq0atp-",
    "sq0csp-",
    "eaaa",
    "pmak-",
    "lin_api_",
    "dp.",
    "glsa_",
    "glc_",
    "nrak-",
    "nrii-",
    "nrjs-",
    "nrra-",
    "sntry",
    "dckr_pat_",
    "pul-",
    "sbp_",
    "hrku-",
    "ltai",
    "akcp",
    "ops_",
    ":apa91b",
];

/// Hides what follows the kept prefix.
pub(super) fn provider_token(hit: &Hit<'_>, _text: &str) -> Option<Found> {
    let whole = hit.whole();
    let kept = hit.first_group()?;
    Some(Found::one(kept.end()..whole.end(), whole.end()))
}
