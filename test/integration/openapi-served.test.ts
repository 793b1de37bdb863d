import { describe, expect, it } from 'vitest';
import { validatedAnswers } from './support/documented-answers.js';
import { apiFetch, apiUrl } from './support/local-stack.js';
import { checkedInDocument } from './support/openapi-document.js';

describe('Route: GET /openapi.json and the local /docs page', () => {
  it('serves the checked-in document without an API key', async () => {
    // Act
    const response = await apiFetch('/openapi.json', { headers: { 'x-api-key': '' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(checkedInDocument());
  });

  it('checks every answer it receives against the document', async () => {
    // Prepare
    const before = validatedAnswers();

    // Act
    await apiFetch('/health');
    await apiFetch('/transfers?correlationId=no-such-chain');
    await apiFetch('/transfers?correlationId=has%20space');

    // Assess
    expect(validatedAnswers()).toBe(before + 3);
    await expect(apiFetch('/nothing-here')).rejects.toThrow(/not an operation of the document/);
  });

  it('serves the reference page and its Swagger UI files from the stack itself', async () => {
    // Act
    const page = await fetch(apiUrl('/docs'));
    const html = await page.text();
    const assets = await Promise.all(
      ['/docs/start.js', '/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js'].map((path) =>
        fetch(apiUrl(path)),
      ),
    );

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(assets.map((asset) => asset.status)).toEqual([200, 200, 200]);
    expect(await assets[0]!.text()).toContain("url: '/openapi.json'");
    expect((await assets[2]!.text()).length).toBeGreaterThan(100_000);
  });
});
