/** The admin token the e2e runtime starts with (TANDEM_ADMIN_TOKEN), as automation would set it. */
export const adminToken = process.env.E2E_ADMIN_TOKEN ?? 'tdm_e2e-admin-token-0123456789abcdef';
export const authHeaders = { authorization: `Bearer ${adminToken}` };
