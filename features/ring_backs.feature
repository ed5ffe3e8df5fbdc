Feature: Supervisors' seven-day ring-backs
  As a supervisor
  I want to ring back victims of volume and hate crime seven days after they reported
  So that I hear how they were treated while there is still time to put it right

  Hate crime ring-backs go to the cohesion officers; the outcome goes into the crime's record.

  Background:
    Given Testshire Police rings back victims of volume and hate crime seven days on

  Scenario: A supervisor rings back a victim of volume crime
    Given Jo Bloggs reported a volume crime, 06/123456/26, 7 days ago
    And I am signed in as a supervisor, Sgt 5678 Green
    When I open the ring-backs
    Then Jo Bloggs's ring-back is "Due"
    When I record Jo Bloggs's ring-back as "Victim raised concerns" with notes "Has not heard from the OIC" and follow-up "OIC to call her by Friday"
    Then Jo Bloggs's ring-back is "Done"
    And the crime's chronology says "Supervisor ring-back to victim J. B.: Victim raised concerns. Notes: Has not heard from the OIC. Follow-up: OIC to call her by Friday."

  Scenario: A hate crime ring-back goes to the cohesion officers
    Given Hana Malik reported a hate crime, 06/654321/26, 9 days ago
    And Jo Bloggs reported a volume crime, 06/123456/26, 2 days ago
    And I am signed in as a supervisor, Sgt 5678 Green
    When I open the ring-backs for the team "Cohesion officers"
    Then Hana Malik's ring-back is "Overdue"
    And Jo Bloggs is not on the list

  Scenario: A supervisor must say how the ring-back went
    Given Jo Bloggs reported a volume crime, 06/123456/26, 7 days ago
    And I am signed in as a supervisor, Sgt 5678 Green
    When I record Jo Bloggs's ring-back without an outcome
    Then I am told "Ring-back outcome: choose satisfied, concerns or not reached"
    And Jo Bloggs's ring-back is still "Due"

  Scenario: Ring-backs are for supervisors
    Given Jo Bloggs reported a volume crime, 06/123456/26, 7 days ago
    And I am signed in as an officer, PC 1234 Jones
    When I try to open the ring-backs
    Then I am told I cannot see this page
