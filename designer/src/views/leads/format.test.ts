import { describe, expect, it } from 'vitest';
import { humanize } from '../../flow/schema-form.ts';
import { companyOf, factText, leadTitle, queueName, stageName } from './format.ts';

describe('how leads and tasks read', () => {
  it('names stages, queues, attribute keys and facts as people say them', () => {
    expect(stageName('mql')).toBe('MQL');
    expect(stageName('somethingNew')).toBe('somethingNew');
    expect(queueName('insideSales')).toBe('Inside sales');
    expect(queueName('unassigned')).toBe('Unassigned');
    expect(humanize('companySize')).toBe('Company size');
    expect(humanize('job_title')).toBe('Job title');
    expect(factText(true)).toBe('yes');
    expect(factText(null)).toBe('—');
    expect(factText('approved')).toBe('approved');
  });

  it('calls a lead by its name, else its email, external id or id, and finds its company', () => {
    const base = { id: 'l1', name: null, email: null, externalId: null };
    expect(leadTitle({ ...base, name: 'Lee Park', email: 'lee@x.example' })).toBe('Lee Park');
    expect(leadTitle({ ...base, email: 'lee@x.example' })).toBe('lee@x.example');
    expect(leadTitle({ ...base, externalId: 'crm-1' })).toBe('crm-1');
    expect(leadTitle(base)).toBe('l1');
    expect(companyOf({ attributes: { companyName: 'Contoso' } })).toBe('Contoso');
    expect(companyOf({ attributes: { employees: 40 } })).toBeNull();
  });
});
