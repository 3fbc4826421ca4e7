import type { Page } from 'playwright-core';

/**
 * The quiz page again from the server, as the page itself asks for it (a form post with the
 * action 'open': the learner session is never in a URL, so there is nothing to reload by address).
 */
export async function reopenQuiz(page: Page): Promise<void> {
  await Promise.all([
    page.waitForNavigation(),
    page.evaluate(`(() => {
      const form = document.querySelector('form[data-quiz]');
      form.insertAdjacentHTML('beforeend', '<input type="hidden" name="action" value="open">');
      HTMLFormElement.prototype.submit.call(form);
    })()`),
  ]);
}
