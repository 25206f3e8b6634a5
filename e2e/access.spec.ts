import { join } from 'node:path';
import { expect, SCREENSHOTS, test } from './fixtures';

test('without the token the page says how to get in, and the API refuses', async ({ page, greenboard }) => {
  await page.goto(greenboard.origin + '/');
  await expect(page.getByText('needs its access token')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'no-token.png') });
  const res = await page.request.post(`${greenboard.origin}/api/board:get`, { data: {} });
  expect(res.status()).toBe(401);
});

test('with a wrong token the page says the token was not accepted, and the API refuses', async ({
  page,
  greenboard,
}) => {
  await page.goto(`${greenboard.origin}/?token=wrong-token`);
  await expect(page.getByRole('heading', { name: 'Access token not accepted' })).toBeVisible();
  const res = await page.request.post(`${greenboard.origin}/api/board:get?token=wrong-token`, { data: {} });
  expect(res.status()).toBe(403);
});

test('a page on another origin cannot open the WebSocket even with the token', async ({
  page,
  greenboard,
}) => {
  // about:blank has an opaque origin; a real attack page would have its own. Either is refused.
  await page.goto('about:blank');
  const outcome = await page.evaluate(
    async (url) => {
      return await new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    },
    `${greenboard.origin.replace('http', 'ws')}/api/ws?token=${greenboard.token}`,
  );
  expect(outcome).toBe('refused');
});
