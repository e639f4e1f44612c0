import { catalogueCrontab } from '../../src/catalogue/tasks';

test('the yearly check of service profiles is a daily crontab line graphile-worker accepts', async () => {
  const { parseCrontab } = await import('graphile-worker');
  const [item] = parseCrontab(catalogueCrontab);
  expect(item?.task).toBe('send_service_profile_checks');
});
